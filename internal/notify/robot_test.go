package notify_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/notify"
)

// testNow is the fake clock of the robot tests: 9:30 Beijing time.
var testNow = time.Date(2025, 3, 10, 9, 30, 15, 0, time.FixedZone("CST", 8*3600))

func fixedClock() time.Time { return testNow }

// testMsg has the characters that break naive JSON or URL handling:
// quotes, a backslash, newlines, & and < in the link.
var testMsg = notify.Message{
	Kind:    "deadline.overdue",
	Subject: "督办事项已逾期：关于做好“春耕备耕”工作的通知",
	Body:    "承办单位：县农业农村局\n办理期限：2025年3月10日\n路径：共享盘\\督办\\2025",
	URL:     "https://oa.county.gov.cn/tasks/42?from=im&tab=<反馈>",
	Urgent:  true,
}

const testMarkdown = "### 【特急】督办事项已逾期：关于做好“春耕备耕”工作的通知\n\n" +
	"承办单位：县农业农村局\n办理期限：2025年3月10日\n路径：共享盘\\督办\\2025\n\n" +
	"[打开中枢](https://oa.county.gov.cn/tasks/42?from=im&tab=<反馈>)"

// hit is one request as a test robot saw it.
type hit struct {
	Query  url.Values
	Header http.Header
	Body   []byte
}

// MustServeRobot runs a robot that records each request and answers with
// status and reply.
func MustServeRobot(t *testing.T, status int, reply string) (*httptest.Server, <-chan hit) {
	t.Helper()
	hits := make(chan hit, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json; charset=utf-8" {
			t.Errorf("got %s with Content-Type %q, want a JSON POST", r.Method, r.Header.Get("Content-Type"))
		}
		hits <- hit{Query: r.URL.Query(), Header: r.Header, Body: body}
		w.WriteHeader(status)
		io.WriteString(w, reply)
	}))
	t.Cleanup(srv.Close)
	return srv, hits
}

// mustDecodeStrict decodes JSON into v, failing on fields v does not have.
func mustDecodeStrict(t *testing.T, data []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("request body %s: %v", data, err)
	}
}

type dingTalkBody struct {
	MsgType  string `json:"msgtype"`
	Markdown struct {
		Title string `json:"title"`
		Text  string `json:"text"`
	} `json:"markdown"`
}

func TestRobotSender_DingTalk(t *testing.T) {
	const secret = "SEC1a2b3c4d5e6f"
	wantBody := dingTalkBody{MsgType: "markdown"}
	wantBody.Markdown.Title = "【特急】督办事项已逾期：关于做好“春耕备耕”工作的通知"
	wantBody.Markdown.Text = testMarkdown
	tests := []struct {
		name   string
		secret string
		status int
		reply  string
		want   string
	}{
		{"signed ok", secret, 200, `{"errcode":0,"errmsg":"ok"}`, "ok"},
		{"unsigned ok", "", 200, `{"errcode":0,"errmsg":"ok"}`, "ok"},
		{"sign not match", secret, 200, `{"errcode":310000,"errmsg":"sign not match"}`, "permanent"},
		{"token is not exist", secret, 200, `{"errcode":300001,"errmsg":"token is not exist"}`, "permanent"},
		{"send too fast", secret, 200, `{"errcode":130101,"errmsg":"send too fast"}`, "retryable"},
		{"server error", secret, 500, `busy`, "retryable"},
		{"not JSON", secret, 200, `<html>gateway</html>`, "retryable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, hits := MustServeRobot(t, tt.status, tt.reply)
			robot := notify.Robot{Kind: "dingtalk", URL: srv.URL + "/robot/send?access_token=TOPSECRET", Secret: tt.secret}
			s := notify.NewRobotSender(srv.Client(), fixedClock)
			err := s.Send(context.Background(), notify.Recipient{Name: "督办科", Robot: &robot}, testMsg)
			if diff := cmp.Diff(tt.want, outcome(err)); diff != "" {
				t.Errorf("outcome of %v (-want +got):\n%s", err, diff)
			}
			if err != nil && bytes.Contains([]byte(err.Error()), []byte("TOPSECRET")) {
				t.Errorf("error %q leaks the access token", err)
			}
			h := <-hits
			if got := h.Query.Get("access_token"); got != "TOPSECRET" {
				t.Errorf("access_token = %q, want it kept", got)
			}
			wantQuery := map[string]string{"timestamp": "", "sign": ""}
			if tt.secret != "" {
				ts := strconv.FormatInt(testNow.UnixMilli(), 10)
				mac := hmac.New(sha256.New, []byte(tt.secret))
				mac.Write([]byte(ts + "\n" + tt.secret))
				wantQuery = map[string]string{"timestamp": ts, "sign": base64.StdEncoding.EncodeToString(mac.Sum(nil))}
			}
			gotQuery := map[string]string{"timestamp": h.Query.Get("timestamp"), "sign": h.Query.Get("sign")}
			if diff := cmp.Diff(wantQuery, gotQuery); diff != "" {
				t.Errorf("signature query (-want +got):\n%s", diff)
			}
			var got dingTalkBody
			mustDecodeStrict(t, h.Body, &got)
			if diff := cmp.Diff(wantBody, got); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
		})
	}
}

type weComBody struct {
	MsgType  string `json:"msgtype"`
	Markdown struct {
		Content string `json:"content"`
	} `json:"markdown"`
}

func TestRobotSender_WeCom(t *testing.T) {
	wantBody := weComBody{MsgType: "markdown"}
	wantBody.Markdown.Content = testMarkdown
	tests := []struct {
		name   string
		status int
		reply  string
		want   string
	}{
		{"ok", 200, `{"errcode":0,"errmsg":"ok"}`, "ok"},
		{"invalid webhook url", 200, `{"errcode":93000,"errmsg":"invalid webhook url"}`, "permanent"},
		{"frequency limit", 200, `{"errcode":45009,"errmsg":"api freq out of limit"}`, "retryable"},
		{"bad gateway", 502, ``, "retryable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, hits := MustServeRobot(t, tt.status, tt.reply)
			robot := notify.Robot{Kind: "wecom", URL: srv.URL + "/cgi-bin/webhook/send?key=693a91f6-7xxx"}
			err := notify.NewRobotSender(srv.Client(), fixedClock).SendTo(context.Background(), robot, testMsg)
			if diff := cmp.Diff(tt.want, outcome(err)); diff != "" {
				t.Errorf("outcome of %v (-want +got):\n%s", err, diff)
			}
			h := <-hits
			if diff := cmp.Diff(url.Values{"key": {"693a91f6-7xxx"}}, h.Query); diff != "" {
				t.Errorf("query (-want +got):\n%s", diff)
			}
			var got weComBody
			mustDecodeStrict(t, h.Body, &got)
			if diff := cmp.Diff(wantBody, got); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRobotSender_Refusals(t *testing.T) {
	s := notify.NewRobotSender(nil, nil)
	tests := []struct {
		name string
		to   notify.Recipient
	}{
		{"no robot", notify.Recipient{Name: "张伟"}},
		{"unknown kind", notify.Recipient{Robot: &notify.Robot{Kind: "feishu", URL: "https://open.feishu.cn/hook"}}},
		{"ftp URL", notify.Recipient{Robot: &notify.Robot{Kind: "webhook", URL: "ftp://oa.county.gov.cn/hook"}}},
		{"file URL", notify.Recipient{Robot: &notify.Robot{Kind: "dingtalk", URL: "file:///etc/passwd"}}},
		{"no host", notify.Recipient{Robot: &notify.Robot{Kind: "wecom", URL: "https:///cgi-bin/webhook/send"}}},
		{"empty URL", notify.Recipient{Robot: &notify.Robot{Kind: "webhook"}}},
		{"unparsable URL", notify.Recipient{Robot: &notify.Robot{Kind: "webhook", URL: "http://[::1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.Send(context.Background(), tt.to, testMsg)
			if diff := cmp.Diff("permanent", outcome(err)); diff != "" {
				t.Errorf("outcome of %v (-want +got):\n%s", err, diff)
			}
		})
	}
	if got := s.Channel(); got != "im" {
		t.Errorf("Channel() = %q, want im", got)
	}
}
