// What the staff app keeps on the phone (IndexedDB, through idb): the queue of visits not yet
// confirmed by the API, and the households found earlier, so that a visit can be logged where
// there is no network. Each record names its owner (the token's subject): a shared phone shows and
// sends a person only their own visits. Pages learn of every change through `subscribe`.
import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import type { LogVisitInput } from "../generated/graphql";

/** waiting: not yet sent (or to be sent again); sending: on its way; stored: the API has it; refused: never as sent. */
export type QueueState = "waiting" | "sending" | "stored" | "refused";

/** Why the API did not store an item (its ItemError), or why a whole send failed. */
export interface ItemProblem {
  code: string;
  message: string;
  field: string | null;
  retryable: boolean;
}

/** A registered household as the form shows it. */
export interface HouseholdChoice {
  id: string;
  blockCode: string;
  blockName: string;
  address: string;
  head: string | null;
  size: number;
}

export interface QueuedVisit {
  /** The idempotency key: the same for every send of this item. */
  key: string;
  owner: string;
  /** Exactly what is sent. */
  input: LogVisitInput;
  /** The household as it was chosen, for the list (the input has its id and block only). */
  household: HouseholdChoice | null;
  /** The room's name as the form showed it. */
  roomName: string | null;
  state: QueueState;
  queuedAt: string;
  visitId: string | null;
  problem: ItemProblem | null;
  /** A case raised from the stored visit. */
  caseId: string | null;
}

interface RememberedHousehold extends HouseholdChoice {
  /** owner + id */
  ref: string;
  owner: string;
  seenAt: string;
}

interface StaffDb extends DBSchema {
  visits: { key: string; value: QueuedVisit; indexes: { owner: string } };
  households: { key: string; value: RememberedHousehold; indexes: { owner: string } };
}

/** Households found are kept this long for offline searches, at most this many per person. */
const HOUSEHOLD_MEMORY_DAYS = 14;
const HOUSEHOLD_MEMORY_SIZE = 300;
/** Stored visits stay in the list this long, then leave it (the API has them). */
const STORED_SHOWN_DAYS = 2;

let database: Promise<IDBPDatabase<StaffDb>> | null = null;

function db(): Promise<IDBPDatabase<StaffDb>> {
  database ??= openDB<StaffDb>("grassroots-staff", 1, {
    upgrade(upgrading) {
      upgrading.createObjectStore("visits", { keyPath: "key" }).createIndex("owner", "owner");
      upgrading.createObjectStore("households", { keyPath: "ref" }).createIndex("owner", "owner");
    },
  });
  return database;
}

const listeners = new Set<() => void>();

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed() {
  for (const listener of listeners) listener();
}

/** The person's queue, oldest first. */
export async function queueOf(owner: string): Promise<QueuedVisit[]> {
  const items = await (await db()).getAllFromIndex("visits", "owner", owner);
  return items.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
}

export async function saveVisits(items: readonly QueuedVisit[]): Promise<void> {
  if (items.length === 0) return;
  const tx = (await db()).transaction("visits", "readwrite");
  await Promise.all([...items.map((item) => tx.store.put(item)), tx.done]);
  changed();
}

/** Writes a new visit and, in the same transaction, drops the refused one it replaces (a fixed item gets a new key). */
export async function enqueueVisit(item: QueuedVisit, replaces?: string): Promise<void> {
  const tx = (await db()).transaction("visits", "readwrite");
  await Promise.all([tx.store.put(item), ...(replaces ? [tx.store.delete(replaces)] : []), tx.done]);
  changed();
}

export async function removeVisits(keys: readonly string[]): Promise<void> {
  const tx = (await db()).transaction("visits", "readwrite");
  await Promise.all([...keys.map((key) => tx.store.delete(key)), tx.done]);
  changed();
}

/** Drops stored visits older than STORED_SHOWN_DAYS from the list: the API keeps them. */
export async function forgetOldStored(owner: string, now = Date.now()): Promise<void> {
  const cutoff = new Date(now - STORED_SHOWN_DAYS * 86_400_000).toISOString();
  const old = (await queueOf(owner)).filter((item) => item.state === "stored" && item.queuedAt < cutoff);
  if (old.length) await removeVisits(old.map((item) => item.key));
}

export async function rememberHouseholds(owner: string, households: readonly HouseholdChoice[]): Promise<void> {
  if (households.length === 0) return;
  const seenAt = new Date().toISOString();
  const tx = (await db()).transaction("households", "readwrite");
  await Promise.all(
    households.map((household) => tx.store.put({ ...household, ref: `${owner}:${household.id}`, owner, seenAt })),
  );
  // Keep the most recent ones only: these are residents' addresses and names.
  const all = await tx.store.index("owner").getAll(owner);
  const cutoff = new Date(Date.now() - HOUSEHOLD_MEMORY_DAYS * 86_400_000).toISOString();
  const stale = all
    .sort((a, b) => b.seenAt.localeCompare(a.seenAt))
    .filter((household, i) => i >= HOUSEHOLD_MEMORY_SIZE || household.seenAt < cutoff);
  await Promise.all([...stale.map((household) => tx.store.delete(household.ref)), tx.done]);
}

/** Households found earlier on this phone under `scope` whose address or head's name contains the text. */
export async function searchRememberedHouseholds(owner: string, scope: string, text: string): Promise<HouseholdChoice[]> {
  const needle = text.trim().toLowerCase();
  const all = await (await db()).getAllFromIndex("households", "owner", owner);
  return all
    .filter((household) => household.blockCode.startsWith(scope))
    .filter((household) => household.address.toLowerCase().includes(needle) || (household.head ?? "").includes(text.trim()))
    .sort((a, b) => a.address.localeCompare(b.address))
    .map(({ ref: _ref, owner: _owner, seenAt: _seenAt, ...household }) => household);
}

/**
 * On sign-out: the residents' addresses and names this person found, and the visits the API already
 * has, leave the phone. Visits not yet stored stay, to be sent (or fixed) at the person's next sign-in.
 */
export async function forgetOnSignOut(owner: string): Promise<void> {
  const database = await db();
  const tx = database.transaction(["households", "visits"], "readwrite");
  const households = tx.objectStore("households");
  const visits = tx.objectStore("visits");
  const refs = await households.index("owner").getAllKeys(owner);
  const stored = (await visits.index("owner").getAll(owner)).filter((item) => item.state === "stored");
  await Promise.all([...refs.map((ref) => households.delete(ref)), ...stored.map((item) => visits.delete(item.key)), tx.done]);
  changed();
}

/** With nobody signed in (a session that ended without a sign-out), no resident's address stays on the phone. */
export async function forgetAllHouseholds(): Promise<void> {
  await (await db()).clear("households");
}
