// Heavy dashboard reads may come from a PostgreSQL read replica (DATABASE_READ_URL_<SUBGRAPH>): the
// operations the gateway runs on its heavy lane (the district tree with every figure, exports of
// households) are the ones that would hold the primary's CPU longest, and a few hundred milliseconds
// of replication lag in a district-wide figure harms nobody. Everything else reads the primary: a
// write, and whatever a write's answer reads back (a mutation's plan may query the same subgraph
// again for its selection), and every request that is not marked heavy, so that an officer who has
// just acted sees what they did.
//
// The gateway says which fetches may read a replica: only those of its heavy lane, and only for a
// query operation (READS_HEADER; gateway/src/subgraph-source.ts). The subgraph checks again that the
// document it was sent is a query before it answers from the replica's client, whose connections
// are read-only besides (default_transaction_read_only), so a write sent there fails rather than
// lands anywhere but the primary.
import { getOperationAST, parse } from "graphql";
import { type Database, openDatabase } from "./database";
import { withTimeout } from "./http";

/** Set by the gateway on a fetch of a read-only (query) operation that it runs on its heavy lane. */
export const READS_HEADER = "x-grassroots-reads";
export const REPLICA_READS = "replica";

/** Whether this request, by its headers and body, may be answered from the read replica. */
export function readsFromReplica(headers: Record<string, string | string[] | undefined>, body: unknown): boolean {
  if (headers[READS_HEADER] !== REPLICA_READS) return false;
  const { query, operationName } = (body ?? {}) as { query?: unknown; operationName?: unknown };
  if (typeof query !== "string") return false;
  try {
    const operation = getOperationAST(parse(query), typeof operationName === "string" ? operationName : undefined);
    return operation?.operation === "query";
  } catch {
    // Not a document: the primary's client answers it (with the parse error).
    return false;
  }
}

/** A Prisma client on a read replica's own read-only pool, for the requests readsFromReplica allows. */
export async function openReadReplica<Client extends { $disconnect(): Promise<void> }>(
  location: { url: string; poolSize?: number },
  createPrisma: (adapter: Database["adapter"], options: { logQueries: boolean }) => Client,
  logQueries = false,
) {
  const database = await openDatabase({ ...location, readOnly: true });
  const prisma = createPrisma(database.adapter, { logQueries });
  return {
    database,
    prisma,
    /** For /health/ready: reported, never a reason to refuse traffic (the primary serves everything). */
    health: async (timeoutMs: number) => {
      try {
        await withTimeout(
          database.withConnection((connection) => connection.query("SELECT 1")),
          timeoutMs,
        );
        return "ok";
      } catch {
        return "unavailable";
      }
    },
    close: async () => {
      await prisma.$disconnect();
      await database.close();
    },
  };
}

export type ReadReplica<Client> = { prisma: Client } & Omit<Awaited<ReturnType<typeof openReadReplica>>, "prisma">;
