// Publishes each quarter once: the first request for it computes every level's table and stores it
// (open_data_publication); every later one, on any replica, reads that copy. A quarter that read
// differently from one day to the next would give away, by subtraction, the households that moved
// or the cases withdrawn in between.
import type { BlocksPrisma } from "../prisma";
import { type OpenDataSources, type PublishedRow, publishRows } from "./figures";
import type { Quarter } from "./quarter";

export interface OpenDataOptions {
  /** Where the per-block counts come from; without them openData answers that it is not available. */
  sources?: OpenDataSources;
}

export interface Publication {
  publishedAt: Date;
  rows: PublishedRow[];
}

export class OpenDataPublisher {
  // Publications are final: each is read from the database once per process.
  private readonly read = new WeakMap<BlocksPrisma, Map<string, Promise<Publication>>>();

  constructor(private readonly options: OpenDataOptions) {}

  get available(): boolean {
    return this.options.sources !== undefined;
  }

  publication(prisma: BlocksPrisma, quarter: Quarter): Promise<Publication> {
    let quarters = this.read.get(prisma);
    if (!quarters) {
      quarters = new Map();
      this.read.set(prisma, quarters);
    }
    let publication = quarters.get(quarter.label);
    if (!publication) {
      publication = this.publish(prisma, quarter);
      quarters.set(quarter.label, publication);
      // A failure is not remembered: the next request tries again.
      publication.catch(() => this.read.get(prisma)?.delete(quarter.label));
    }
    return publication;
  }

  private async publish(prisma: BlocksPrisma, quarter: Quarter): Promise<Publication> {
    const stored = await this.stored(prisma, quarter);
    if (stored) return stored;
    const sources = this.options.sources;
    if (!sources) throw new Error("open data has no sources");
    const rows = await publishRows(prisma, sources, quarter);
    // Two replicas publishing at once: the first to commit wins, and both answer its copy.
    await prisma.$executeRaw`
      INSERT INTO open_data_publication (quarter, rows) VALUES (${quarter.label}, ${JSON.stringify(rows)}::jsonb)
      ON CONFLICT (quarter) DO NOTHING`;
    return (await this.stored(prisma, quarter))!;
  }

  private async stored(prisma: BlocksPrisma, quarter: Quarter): Promise<Publication | null> {
    const found = await prisma.openDataPublication.findUnique({ where: { quarter: quarter.label } });
    return found && { publishedAt: found.publishedAt, rows: found.rows as unknown as PublishedRow[] };
  }
}
