// Publishes a quarter's tree once per minute at most: the table is public, so a crowd asking for it
// costs one set of per-block queries (and one suppression) per quarter and minute, not one per request.
import type { BlocksPrisma } from "../prisma";
import { type OpenDataSources, type OpenDataTree, publishTree } from "./figures";
import type { Quarter } from "./quarter";

export interface OpenDataOptions {
  /** Where the per-block counts come from; without them openData answers that it is not available. */
  sources?: OpenDataSources;
  /** How long a published tree is served before it is made again; default 60 s. */
  ttlMs?: number;
}

export class OpenDataPublisher {
  private readonly published = new Map<string, { expires: number; tree: Promise<OpenDataTree> }>();

  constructor(private readonly options: OpenDataOptions) {}

  get available(): boolean {
    return this.options.sources !== undefined;
  }

  tree(prisma: BlocksPrisma, quarter: Quarter): Promise<OpenDataTree> {
    const sources = this.options.sources;
    if (!sources) throw new Error("open data has no sources");
    const hit = this.published.get(quarter.label);
    if (hit && hit.expires > Date.now()) return hit.tree;
    const tree = publishTree(prisma, sources, quarter);
    this.published.set(quarter.label, { expires: Date.now() + (this.options.ttlMs ?? 60_000), tree });
    // A failure is not served again: the next request tries anew.
    tree.catch(() => {
      if (this.published.get(quarter.label)?.tree === tree) this.published.delete(quarter.label);
    });
    return tree;
  }
}
