import { SCALES } from "@grassroots/demo-district";
import { startSubgraph } from "@grassroots/platform";
import { residentsSubgraph, seedResidents } from "@grassroots/residents";

const t0 = Date.now();
const s = await startSubgraph(residentsSubgraph, {
  database: { inMemory: true },
  seed: seedResidents(SCALES.demo),
  logQueries: true,
});
console.log("started", Date.now() - t0, s.url);
let n = 0;
(s.prisma as any).$on("query", (e: any) => {
  n++;
  if (process.env.SHOWSQL) console.log(e.query.slice(0, 200));
});
const reps = ["310105001001001", "310105001001002", "310105002001001"].map((code) => ({ __typename: "Block", code }));
const r = await fetch(s.url, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({
    query:
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Block { code householdCount households(first: 2) { pageInfo { hasNextPage endCursor } edges { node { id address size needs residents { name idNumber isHead } block { code } } } } } } d: _entities(representations: [{__typename: "District", code: "310105"}, {__typename: "Street", code: "310105001"}]) { ... on District { householdCount } ... on Street { householdCount } } }',
    variables: { r: reps },
  }),
});
const j = await r.json();
console.log(JSON.stringify(j).slice(0, 1500), "statements:", n);
await s.close();
