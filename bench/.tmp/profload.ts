// Temporary profiling load: one block, distinct, against GATEWAY_PORT; prints req/s and CPU ms per request of each pid given.
import { DEMO_USERS, demoTree, SCALES } from "@grassroots/demo-district";
import { authSettingsFromEnv, signToken } from "@grassroots/platform";
import { cpuMs, load } from "../load";
import { dashboardQueries } from "../queries";
const port = Number(process.env.GATEWAY_PORT ?? 24000);
const key = process.env.Q ?? "block";
const mode = process.env.MODE ?? "distinct";
const pids = (process.env.PIDS ?? "").split(",").filter(Boolean).map(Number);
const { tokens } = authSettingsFromEnv();
const { does: _d, ...claims } = DEMO_USERS.find((u) => u.role === "district_analyst")!;
const token = await signToken(claims as any, tokens, "1h");
const q = dashboardQueries(SCALES.demo).find((x) => x.key === key)!;
const body = (i: number) => JSON.stringify({ query: q.query, variables: mode === "distinct" ? q.distinct(i) : q.identical });
const before = pids.map(cpuMs);
const r = await load({ port, headers: { authorization: `Bearer ${token}` }, connections: 10, seconds: Number(process.env.SECS ?? 10), body });
const after = pids.map(cpuMs);
console.log(key, mode, r.requestsPerSecond.toFixed(1), "req/s", "errors", r.non2xx + r.graphqlErrors, r.samples);
pids.forEach((p, i) => console.log(p, ((after[i]! - before[i]!) / r.answers).toFixed(3), "cpu ms/req"));
