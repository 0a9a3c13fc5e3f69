// The floor: openapi-fetch alone, reading a task result.
import createClient from "openapi-fetch";

const api = createClient({ baseUrl: "http://127.0.0.1:4010" });
api.GET("/v3/async/task-result", { params: { query: { task_id: "t" } } }).then(console.log, console.error);
