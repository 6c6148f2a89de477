package web_test

// What the API tests of 收文 and 发文 share: the parts of a detail both
// send, their attachments, and many calls at once.

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// apiAttachment is the part of an attachment's description the tests read.
type apiAttachment struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	URL    string `json:"url"`
}

// apiDocTrail is what a 收文 and a 发文 detail say alike: the attachments,
// the timeline, who holds the document and what the caller may do.
type apiDocTrail struct {
	Attachments []apiAttachment `json:"attachments"`
	Events      []struct {
		Action    string `json:"action"`
		ActorName string `json:"actor_name"`
		Text      string `json:"text"`
	} `json:"events"`
	Holders []struct {
		PersonName string `json:"person_name"`
		Step       string `json:"step"`
	} `json:"holders"`
	Allowed []struct {
		Action string `json:"action"`
		Label  string `json:"label"`
	} `json:"allowed"`
}

func (d apiDocTrail) allowed() []string {
	var out []string
	for _, a := range d.Allowed {
		out = append(out, a.Action)
	}
	return out
}

func (d apiDocTrail) eventActions() []string {
	var out []string
	for _, e := range d.Events {
		out = append(out, e.Action)
	}
	return out
}

// holders lists who holds the document as "name:step", sorted.
func (d apiDocTrail) holders() []string {
	out := []string{}
	for _, h := range d.Holders {
		out = append(out, h.PersonName+":"+h.Step)
	}
	sort.Strings(out)
	return out
}

// apiAttach uploads a file as user to a document's files (…/{id}/files).
func apiAttach(t *testing.T, e *env, user, files, name string, content []byte) *http.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	return apiRaw(t, e, "POST", files, "Bearer "+e.token(user), mw.FormDataContentType(), buf.Bytes())
}

// checkAPIAttachments uploads a file as uploader to a document's files,
// downloads it and its description as reader, and checks the refusals: a
// type not allowed, a body that is not multipart, a file that is not
// there. It returns the uploaded file.
func checkAPIAttachments(t *testing.T, e *env, uploader, reader, files string) apiAttachment {
	t.Helper()
	content := []byte("一、检查范围：全县各单位。\n二、检查时间：十二月。\n")
	att := apiDecode[apiAttachment](t, apiAttach(t, e, uploader, files, "检查方案.txt", content), 201)
	if att.Name != "检查方案.txt" || att.Size != int64(len(content)) || len(att.SHA256) != 64 || !strings.HasPrefix(att.URL, files+"/") {
		t.Errorf("attachment = %+v", att)
	}

	resp := e.apiDo(reader, "GET", att.URL, "")
	got := readBody(resp)
	if resp.StatusCode != 200 || got != string(content) {
		t.Fatalf("download: %d %q", resp.StatusCode, got)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") {
		t.Errorf("Content-Disposition %q", cd)
	}
	// Asked for JSON, the same URL describes the file.
	req, _ := http.NewRequest("GET", e.srv.URL+att.URL, nil)
	req.Header.Set("Authorization", "Bearer "+e.token(reader))
	req.Header.Set("Accept", "application/json")
	jresp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if meta := apiDecode[apiAttachment](t, jresp, 200); meta != att {
		t.Errorf("metadata %+v, want %+v", meta, att)
	}

	refused := apiDecode[apiErrorBody](t, apiAttach(t, e, uploader, files, "setup.exe", []byte("MZ\x90\x00")), 400)
	if !strings.Contains(refused.Error.Message, "不支持的附件类型") || refused.Error.Fields["file"] == "" {
		t.Errorf(".exe: %+v", refused.Error)
	}
	notMultipart := apiCall[apiErrorBody](t, e, uploader, "POST", files, `{"file":"x"}`, 400)
	if notMultipart.Error.Fields["file"] == "" {
		t.Errorf("JSON upload: %+v", notMultipart.Error)
	}
	apiCall[apiErrorBody](t, e, uploader, "GET", files+"/999999", "", 404)
	return att
}

func TestAPI_IncomingAttachments(t *testing.T) {
	e := newEnv(t)
	doc := apiRegister(t, e, "关于开展消防安全检查的通知")
	att := checkAPIAttachments(t, e, "wenshu", "zhuren", incomingPath(doc.ID, "/files"))
	d := apiCall[apiIncomingDetail](t, e, "wenshu", "GET", incomingPath(doc.ID, ""), "", 200)
	if len(d.Attachments) != 1 || d.Attachments[0] != att || d.Document.Attachments != 1 || d.Events[len(d.Events)-1].Action != "attach" {
		t.Errorf("detail after upload: %+v, events %v", d.Attachments, d.eventActions())
	}
}

func TestAPI_OutgoingAttachments(t *testing.T) {
	e := newEnv(t)
	doc, seeded := seedOutgoing(t, e, "青川县人民政府办公室关于开展消防安全检查的通知", zhongshu.OutgoingDrafting)
	att := checkAPIAttachments(t, e, "liting", "zhuren", apiOutPath(doc.ID, "/files"))
	d := apiCall[apiOutDetail](t, e, "liting", "GET", apiOutPath(doc.ID, ""), "", 200)
	if len(d.Attachments) != 2 || d.Attachments[0].ID != seeded.ID || d.Attachments[1] != att || d.Events[len(d.Events)-1].Action != "attach" {
		t.Errorf("detail after upload: %+v, events %v", d.Attachments, d.eventActions())
	}
}

// apiPost is one JSON POST of apiPostAll.
type apiPost struct {
	token, path, body string
}

// apiPostAll makes the calls at once and returns the bodies of their
// answers; an answer without status want fails the test.
func apiPostAll(t *testing.T, e *env, want int, calls []apiPost) [][]byte {
	t.Helper()
	bodies := make([][]byte, len(calls))
	errs := make([]error, len(calls))
	var wg sync.WaitGroup
	for i, c := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", e.srv.URL+c.path, strings.NewReader(c.body))
			req.Header.Set("Authorization", "Bearer "+c.token)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				errs[i] = err
				return
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != want {
				errs[i] = fmt.Errorf("status %d: %s", resp.StatusCode, body)
				return
			}
			bodies[i] = body
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("registration %d: %v", i, err)
		}
	}
	return bodies
}
