// /open-data/<level>.csv?period=YYYY-Qn: the public openData tables as CSV, for spreadsheets. The
// gateway asks its own /graphql without a token (the same limits, logs and masking as any anonymous
// request), then writes the rows: a suppressed count is an empty cell; names with a formula's first
// character are quoted so a spreadsheet shows them rather than running them.

import { type HttpRequest, type HttpResponse, REQUEST_ID_HEADER, type RequestHandler } from "@grassroots/platform";
import { stringify } from "csv-stringify/sync";

const LEVEL_OF_FILE: Record<string, string> = {
  "district.csv": "DISTRICT",
  "street.csv": "STREET",
  "community.csv": "COMMUNITY",
  "block.csv": "BLOCK",
};

const COLUMNS = [
  "code",
  "name",
  "level",
  "parentCode",
  "households",
  "householdsInNeed",
  "householdsPaired",
  "householdsVisited",
  "casesRaised",
  "casesResolved",
  "casesRespondedInTime",
  "visitCoverage",
  "pairingCoverage",
  "resolutionRate",
  "responseRate",
] as const;

const QUERY = `query OpenDataCsv($level: JurisdictionLevel!, $period: String) {
  openData(level: $level, period: $period) { period rows { ${COLUMNS.join(" ")} } }
}`;

type Row = Record<(typeof COLUMNS)[number], string | number | null>;

const refuse = (response: HttpResponse, status: number, code: string, message: string) =>
  response.status(status).json({ errors: [{ message, extensions: { code } }] });

const FORMULA_START = /^[=+\-@\t\r]/;
const cell = (value: string | number | null) =>
  value === null ? "" : typeof value === "string" && FORMULA_START.test(value) ? `'${value}` : value;

/** The handler of GET /open-data/:file, asking the gateway at `graphqlUrl()`. */
export function openDataCsv(graphqlUrl: () => string): RequestHandler {
  return async (request: HttpRequest, response: HttpResponse) => {
    const file = String(request.params.file);
    const level = LEVEL_OF_FILE[file];
    if (!level) {
      return refuse(
        response,
        404,
        "NOT_FOUND",
        `No open-data table "${file}": use district.csv, street.csv, community.csv or block.csv.`,
      );
    }
    const period = request.query.period;
    if (period !== undefined && typeof period !== "string") {
      return refuse(response, 400, "BAD_USER_INPUT", "Give one period, as ?period=YYYY-Qn.");
    }
    const requestId = request.header(REQUEST_ID_HEADER);
    const answer = await fetch(graphqlUrl(), {
      method: "POST",
      headers: { "content-type": "application/json", ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}) },
      body: JSON.stringify({ query: QUERY, variables: { level, period } }),
    });
    const body = (await answer.json()) as {
      data?: { openData: { period: string; rows: Row[] } | null };
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    const table = body.data?.openData;
    if (!table) {
      const error = body.errors?.[0];
      const code = error?.extensions?.code ?? "INTERNAL_SERVER_ERROR";
      const status =
        code === "BAD_USER_INPUT"
          ? 400
          : code === "SUBGRAPH_UNAVAILABLE"
            ? 503
            : code === "NOT_FOUND"
              ? 404
              : answer.status >= 400
                ? answer.status
                : 500;
      return refuse(response, status, code, error?.message ?? "Open data could not be read.");
    }
    const csv = stringify(
      table.rows.map((row) => COLUMNS.map((column) => cell(row[column]))),
      { header: true, columns: [...COLUMNS], record_delimiter: "\r\n" },
    );
    response
      .status(200)
      .type("text/csv; charset=utf-8")
      .setHeader("content-disposition", `attachment; filename="open-data-${level.toLowerCase()}-${table.period}.csv"`)
      .setHeader("cache-control", "public, max-age=60")
      // A byte-order mark, so that spreadsheets read the Chinese names as UTF-8.
      .send(`\ufeff${csv}`);
  };
}
