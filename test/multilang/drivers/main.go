// Drives the Go types that quicktype generated from generated/jsonschema/ (models.go, package main)
// beside this file, with the standard library only (test/multilang/go.test.ts builds and runs it):
//
//	driver parse CASES.json   each {label, type, value} parsed as that type and written back
//	driver live PLAN.json     each body sent through its request type; each task polled through
//	                          TaskResult to success; each video downloaded
//
// Both print JSON on stdout. registry.go, written by the test from the generated names, maps a type's
// name to its Unmarshal function and Marshal method.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"time"
)

type parseCase struct {
	Label string          `json:"label"`
	Type  string          `json:"type"`
	Value json.RawMessage `json:"value"`
}

type parseOutcome struct {
	Label  string          `json:"label"`
	Parsed bool            `json:"parsed"`
	Error  string          `json:"error,omitempty"`
	Value  json.RawMessage `json:"value,omitempty"`
}

type submit struct {
	OperationID string          `json:"operationId"`
	Path        string          `json:"path"`
	Type        string          `json:"type"`
	Body        json.RawMessage `json:"body"`
}

type plan struct {
	BaseURL     string   `json:"baseUrl"`
	Key         string   `json:"key"`
	PollPath    string   `json:"pollPath"`
	TaskIDParam string   `json:"taskIdParam"`
	TimeoutMs   int      `json:"timeoutMs"`
	OutDir      string   `json:"outDir"`
	Submits     []submit `json:"submits"`
}

type liveOutcome struct {
	OperationID string   `json:"operationId"`
	TaskID      string   `json:"taskId,omitempty"`
	Statuses    []string `json:"statuses,omitempty"`
	VideoURL    string   `json:"videoUrl,omitempty"`
	File        string   `json:"file,omitempty"`
	Error       string   `json:"error,omitempty"`
}

var client = &http.Client{Timeout: 10 * time.Second}

func readJSON(file string, into interface{}) {
	data, err := os.ReadFile(file)
	if err == nil {
		err = json.Unmarshal(data, into)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}

func parseAll(file string) []parseOutcome {
	var cases []parseCase
	readJSON(file, &cases)
	outcomes := []parseOutcome{}
	for _, c := range cases {
		roundTrip, known := registry[c.Type]
		if !known {
			outcomes = append(outcomes, parseOutcome{Label: c.Label, Error: "no generated type " + c.Type})
			continue
		}
		written, err := roundTrip(c.Value)
		if err != nil {
			outcomes = append(outcomes, parseOutcome{Label: c.Label, Error: err.Error()})
			continue
		}
		outcomes = append(outcomes, parseOutcome{Label: c.Label, Parsed: true, Value: written})
	}
	return outcomes
}

// call sends a request with the API key and answers the body of a 200.
func call(p plan, method, address string, body []byte) ([]byte, error) {
	request, err := http.NewRequest(method, address, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	request.Header.Set("Authorization", "Bearer "+p.Key)
	if body != nil {
		request.Header.Set("Content-Type", "application/json")
	}
	response, err := client.Do(request)
	if err != nil {
		return nil, err
	}
	defer response.Body.Close()
	answer, err := io.ReadAll(response.Body)
	if err == nil && response.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s %s answered %d: %s", method, address, response.StatusCode, answer)
	}
	return answer, err
}

// statusText reads a status through its generated type's own JSON form, whatever Go type quicktype chose.
func statusText(status interface{}) string {
	written, _ := json.Marshal(status)
	var text string
	if json.Unmarshal(written, &text) != nil {
		return string(written)
	}
	return text
}

// generate submits one body and follows its task to a downloaded video.
func generate(p plan, s submit, index int, deadline time.Time) (outcome liveOutcome) {
	outcome.OperationID = s.OperationID
	fail := func(err error) liveOutcome { outcome.Error = err.Error(); return outcome }
	// What is sent is what the generated request type holds.
	body, err := registry[s.Type](s.Body)
	if err != nil {
		return fail(err)
	}
	answer, err := call(p, http.MethodPost, p.BaseURL+s.Path, body)
	if err != nil {
		return fail(err)
	}
	created, err := UnmarshalAsyncTaskResponse(answer)
	if err != nil {
		return fail(err)
	}
	outcome.TaskID = created.TaskID
	poll := p.BaseURL + p.PollPath + "?" + url.Values{p.TaskIDParam: {created.TaskID}}.Encode()
	for {
		answer, err := call(p, http.MethodGet, poll, nil)
		if err != nil {
			return fail(err)
		}
		result, err := UnmarshalTaskResult(answer)
		if err != nil {
			return fail(err)
		}
		status := statusText(result.Task.Status)
		if n := len(outcome.Statuses); n == 0 || outcome.Statuses[n-1] != status {
			outcome.Statuses = append(outcome.Statuses, status)
		}
		switch {
		case status == "TASK_STATUS_FAILED":
			return fail(fmt.Errorf("the task failed: %s", answer))
		case status == "TASK_STATUS_SUCCEED" && len(result.Videos) > 0:
			outcome.VideoURL = result.Videos[0].VideoURL
			video, err := call(p, http.MethodGet, outcome.VideoURL, nil)
			if err != nil {
				return fail(err)
			}
			outcome.File = filepath.Join(p.OutDir, fmt.Sprintf("%d.mp4", index))
			if err := os.WriteFile(outcome.File, video, 0o644); err != nil {
				return fail(err)
			}
			return outcome
		case time.Now().After(deadline):
			return fail(fmt.Errorf("still %s after %d ms", status, p.TimeoutMs))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func live(file string) []liveOutcome {
	var p plan
	readJSON(file, &p)
	deadline := time.Now().Add(time.Duration(p.TimeoutMs) * time.Millisecond)
	outcomes := make([]liveOutcome, len(p.Submits))
	done := make(chan struct{})
	for i, s := range p.Submits {
		go func(i int, s submit) { outcomes[i] = generate(p, s, i, deadline); done <- struct{}{} }(i, s)
	}
	for range p.Submits {
		<-done
	}
	return outcomes
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: driver parse CASES.json | driver live PLAN.json")
		os.Exit(2)
	}
	var report interface{}
	switch os.Args[1] {
	case "parse":
		report = parseAll(os.Args[2])
	case "live":
		report = live(os.Args[2])
	default:
		fmt.Fprintln(os.Stderr, "unknown mode", os.Args[1])
		os.Exit(2)
	}
	if err := json.NewEncoder(os.Stdout).Encode(report); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
