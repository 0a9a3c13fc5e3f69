// A browser app that generates with one model, the lean way: only that model's validator is bundled.
import { createViduClient } from "novita-vidu/lean";
import { viduQ3TurboI2V } from "novita-vidu/models";

const vidu = createViduClient({ apiKey: "k", baseUrl: "http://127.0.0.1:4010" });
const body = { images: ["https://example.com/a.png"], prompt: "The cat yawns" };
vidu.run(viduQ3TurboI2V, body, { onProgress: console.log }).then(console.log, console.error);
