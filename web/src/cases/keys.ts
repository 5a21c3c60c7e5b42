// The cases app's query keys: an action refreshes its case and invalidates every list.
export const CASE_LISTS_KEY = ["cases", "list"] as const;
export const caseKey = (id: string) => ["cases", "case", id] as const;
