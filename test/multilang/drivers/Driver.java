// Drives the Java classes that quicktype generated from generated/jsonschema/ (package vidu, read and
// written with Debian's Jackson) and the JDK's HTTP client (test/multilang/java.test.ts builds and runs it):
//
//   java Driver parse CASES.json   each {label, type, value} parsed as that type and written back
//   java Driver live PLAN.json     each body sent through its request type; each task polled through
//                                  TaskResult to success; each video downloaded
//
// Both print JSON on stdout. A type is found by name through the generated Converter's
// `<Type>FromJsonString`.

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import vidu.AsyncTaskResponse;
import vidu.Converter;
import vidu.TaskResult;

public class Driver {
    /** Reads the driver's own input, and writes what the generated classes hold, leaving out absent fields. */
    private static final ObjectMapper JSON =
            new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** Parses `json` with the generated Converter, as the class the type's name says. */
    static Object parse(String type, String json) throws Exception {
        try {
            return Converter.class.getMethod(type + "FromJsonString", String.class).invoke(null, json);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    static ArrayNode parseAll(JsonNode cases) {
        ArrayNode report = JSON.createArrayNode();
        for (JsonNode c : cases) {
            ObjectNode outcome = report.addObject().put("label", c.get("label").asText());
            try {
                Object parsed = parse(c.get("type").asText(), JSON.writeValueAsString(c.get("value")));
                outcome.put("parsed", true).set("value", JSON.valueToTree(parsed));
            } catch (Exception e) {
                outcome.put("parsed", false).put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return report;
    }

    /** Sends a request with the API key and answers the body of a 200. */
    static byte[] call(JsonNode plan, String method, String address, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(address))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + plan.get("key").asText());
        if (body == null) request.GET();
        else request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            String answer = new String(response.body(), StandardCharsets.UTF_8);
            throw new IllegalStateException(method + " " + address + " answered " + response.statusCode() + ": " + answer);
        }
        return response.body();
    }

    /** Submits one body and follows its task to a downloaded video. */
    static ObjectNode generate(JsonNode plan, JsonNode submit, int index, long deadline) {
        ObjectNode outcome = JSON.createObjectNode().put("operationId", submit.get("operationId").asText());
        String base = plan.get("baseUrl").asText();
        try {
            // What is sent is what the generated request class holds.
            Object request = parse(submit.get("type").asText(), JSON.writeValueAsString(submit.get("body")));
            byte[] answer = call(plan, "POST", base + submit.get("path").asText(), JSON.writeValueAsString(request));
            AsyncTaskResponse created = Converter.AsyncTaskResponseFromJsonString(new String(answer, StandardCharsets.UTF_8));
            outcome.put("taskId", created.getTaskID());
            String poll = base + plan.get("pollPath").asText() + "?" + plan.get("taskIdParam").asText() + "="
                    + URLEncoder.encode(created.getTaskID(), StandardCharsets.UTF_8);
            ArrayNode statuses = outcome.putArray("statuses");
            while (true) {
                String json = new String(call(plan, "GET", poll, null), StandardCharsets.UTF_8);
                TaskResult result = Converter.TaskResultFromJsonString(json);
                // The status as its generated type writes it, whatever Java type quicktype chose.
                String status = JSON.valueToTree(result.getTask().getStatus()).asText();
                if (statuses.isEmpty() || !statuses.get(statuses.size() - 1).asText().equals(status)) statuses.add(status);
                if (status.equals("TASK_STATUS_FAILED")) throw new IllegalStateException("the task failed: " + json);
                if (status.equals("TASK_STATUS_SUCCEED") && result.getVideos() != null && !result.getVideos().isEmpty()) {
                    String video = result.getVideos().get(0).getVideoURL();
                    outcome.put("videoUrl", video);
                    Path file = Path.of(plan.get("outDir").asText(), index + ".mp4");
                    Files.write(file, call(plan, "GET", video, null));
                    return outcome.put("file", file.toString());
                }
                if (System.currentTimeMillis() > deadline) throw new IllegalStateException("still " + status + " at the deadline");
                Thread.sleep(100);
            }
        } catch (Exception e) {
            return outcome.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    static ArrayNode live(JsonNode plan) {
        long deadline = System.currentTimeMillis() + plan.get("timeoutMs").asLong();
        // A thread per generation: the common pool has one thread on a two-core machine, which would
        // run them one after another.
        ExecutorService pool = Executors.newCachedThreadPool();
        List<CompletableFuture<ObjectNode>> runs = new ArrayList<>();
        int index = 0;
        for (JsonNode submit : plan.get("submits")) {
            int i = index++;
            runs.add(CompletableFuture.supplyAsync(() -> generate(plan, submit, i, deadline), pool));
        }
        ArrayNode report = JSON.createArrayNode();
        for (CompletableFuture<ObjectNode> run : runs) report.add(run.join());
        pool.shutdown();
        return report;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !(args[0].equals("parse") || args[0].equals("live"))) {
            System.err.println("usage: java Driver parse CASES.json | java Driver live PLAN.json");
            System.exit(2);
        }
        JsonNode input = JSON.readTree(new File(args[1]));
        System.out.println(JSON.writeValueAsString(args[0].equals("parse") ? parseAll(input) : live(input)));
    }
}
