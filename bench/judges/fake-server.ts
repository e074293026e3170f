/** The fake OpenAI-compatible server as its own process (its CPU is not the server's): every
 *  completion takes LATENCY_MS and answers a rating. Prints its URL on stdout. */
import { startFakeOpenAI } from "@/tests/trainers/openai/fake-openai";

const fake = await startFakeOpenAI();
fake.chat.latencyMs = Number(process.env.LATENCY_MS ?? 200);
fake.chat.respond = () => "A fair answer. Rating: [[7]]";
// The fake keeps every request for tests; a benchmark needs none of them.
setInterval(() => fake.requests.splice(0), 1000);
process.stdout.write(`${fake.url}\n`);
