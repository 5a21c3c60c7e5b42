// /open-data/<level>.csv?period=YYYY-Qn: the public openData tables as CSV, for spreadsheets. The
// gateway asks its own /graphql without a token (the same limits, logs and masking as any anonymous
// request, counted against the reader's own address, which it vouches for with the gateway secret),
// then writes the rows: a suppressed count is an empty cell; a cell with a formula's first
// character gets a leading ' so a spreadsheet shows it rather than running it.
import {
  CLIENT_ADDRESS_HEADER,
  GATEWAY_SECRET_HEADER,
  type HttpRequest,
  type HttpResponse,
  REQUEST_ID_HEADER,
  type RequestHandler,
} from "@grassroots/platform";
import { stringify } from "csv-stringify/sync";

const LEVEL_OF_FILE = new Map([
  ["district.csv", "DISTRICT"],
  ["street.csv", "STREET"],
  ["community.csv", "COMMUNITY"],
  ["block.csv", "BLOCK"],
]);

/** Longer than any table takes, shorter than a reader's patience. */
const TABLE_TIMEOUT_MS = 30_000;

const COLUMNS = ["code", "name", "level", "parentCode", "householdsVisited", "casesRaised"] as const;

const QUERY = `query OpenDataCsv($level: JurisdictionLevel!, $period: String) {
  openData(level: $level, period: $period) { period rows { ${COLUMNS.join(" ")} } }
}`;

type Row = Record<(typeof COLUMNS)[number], string | number | null>;

const refuse = (response: HttpResponse, status: number, code: string, message: string, field?: string) =>
  response.status(status).json({ errors: [{ message, extensions: { code, ...(field ? { field } : {}) } }] });

const FORMULA_START = /^[=+\-@\t\r]/;
const cell = (value: string | number | null) =>
  value === null ? "" : typeof value === "string" && FORMULA_START.test(value) ? `'${value}` : value;

/** The handler of GET /open-data/:file, asking the gateway at `graphqlUrl()` on behalf of the reader. */
export function openDataCsv(graphqlUrl: () => string, gatewaySecret: string): RequestHandler {
  return async (request: HttpRequest, response: HttpResponse) => {
    const file = String(request.params.file);
    const level = LEVEL_OF_FILE.get(file);
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
      return refuse(response, 400, "BAD_USER_INPUT", "Give one period, as ?period=YYYY-Qn.", "period");
    }
    const answer = await askGraphQL(graphqlUrl(), gatewaySecret, request, { level, period });
    if ("unavailable" in answer) {
      return refuse(response, 503, "SERVICE_UNAVAILABLE", "Open data could not be read just now; try again shortly.");
    }
    const { status, body, retryAfter } = answer;
    const table = body.data?.openData;
    if (!table) {
      const error = body.errors?.[0];
      const code = error?.extensions?.code ?? "INTERNAL_SERVER_ERROR";
      if (retryAfter) response.setHeader("retry-after", retryAfter);
      return refuse(
        response,
        statusOf(code, status),
        code,
        error?.message ?? "Open data could not be read.",
        error?.extensions?.field,
      );
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

const STATUS_OF_CODE: Record<string, number> = {
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  TOO_MANY_REQUESTS: 429,
  SUBGRAPH_UNAVAILABLE: 503,
};

function statusOf(code: string, answered: number): number {
  return STATUS_OF_CODE[code] ?? (answered >= 400 ? answered : 500);
}

interface GraphQLAnswer {
  status: number;
  retryAfter: string | null;
  body: {
    data?: { openData: { period: string; rows: Row[] } | null };
    errors?: { message: string; extensions?: { code?: string; field?: string } }[];
  };
}

/** The openData query through this gateway, on behalf of the reader; `unavailable` when it gave no GraphQL answer. */
async function askGraphQL(
  url: string,
  gatewaySecret: string,
  request: HttpRequest,
  variables: Record<string, unknown>,
): Promise<GraphQLAnswer | { unavailable: true }> {
  const requestId = request.header(REQUEST_ID_HEADER);
  try {
    const answer = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [GATEWAY_SECRET_HEADER]: gatewaySecret,
        ...(request.socket.remoteAddress ? { [CLIENT_ADDRESS_HEADER]: request.socket.remoteAddress } : {}),
        ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}),
      },
      body: JSON.stringify({ query: QUERY, variables }),
      signal: AbortSignal.timeout(TABLE_TIMEOUT_MS),
    });
    return {
      status: answer.status,
      retryAfter: answer.headers.get("retry-after"),
      body: (await answer.json()) as GraphQLAnswer["body"],
    };
  } catch {
    return { unavailable: true };
  }
}
