// A browser app that picks its model by key at run time: every model's validator is bundled, and
// `vidu.api` (openapi-fetch) comes with the client.
import { createViduClient } from "novita-vidu";

const vidu = createViduClient({ apiKey: "k", baseUrl: "http://127.0.0.1:4010" });
const model = new URLSearchParams(location.search).get("model");
vidu
  .run(model, { images: ["https://example.com/a.png"] }, { onProgress: console.log })
  .then(console.log, console.error);
