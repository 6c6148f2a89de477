package notify_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/notify"
)

func TestRobotSender_Webhook(t *testing.T) {
	const secret = "whsec-县政府办"
	wantPayload := notify.WebhookPayload{
		Kind: testMsg.Kind, Subject: testMsg.Subject, Body: testMsg.Body, URL: testMsg.URL, Urgent: true,
		SentAt: testNow.UTC(),
	}
	tests := []struct {
		name   string
		secret string
		status int
		want   string
	}{
		{"signed 200", secret, 200, "ok"},
		{"unsigned 204", "", 204, "ok"},
		{"not found", secret, 404, "permanent"},
		{"gone", secret, 410, "permanent"},
		{"request timeout", secret, 408, "retryable"},
		{"too many requests", secret, 429, "retryable"},
		{"unavailable", secret, 503, "retryable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, hits := MustServeRobot(t, tt.status, "")
			robot := notify.Robot{Kind: "webhook", URL: srv.URL + "/hooks/zhongshu", Secret: tt.secret}
			err := notify.NewRobotSender(srv.Client(), fixedClock).SendTo(context.Background(), robot, testMsg)
			if diff := cmp.Diff(tt.want, outcome(err)); diff != "" {
				t.Errorf("outcome of %v (-want +got):\n%s", err, diff)
			}
			h := <-hits
			var got notify.WebhookPayload
			mustDecodeStrict(t, h.Body, &got)
			if diff := cmp.Diff(wantPayload, got); diff != "" {
				t.Errorf("payload (-want +got):\n%s", diff)
			}
			ts, sig := h.Header.Get("X-Zhongshu-Timestamp"), h.Header.Get("X-Zhongshu-Signature")
			if tt.secret == "" {
				if ts != "" || sig != "" {
					t.Errorf("unsigned webhook has timestamp %q signature %q", ts, sig)
				}
				return
			}
			if want := strconv.FormatInt(testNow.Unix(), 10); ts != want {
				t.Errorf("timestamp = %q, want %q", ts, want)
			}
			if !notify.VerifyWebhookSignature(tt.secret, ts, h.Body, sig) {
				t.Errorf("signature %q does not verify", sig)
			}
			if notify.VerifyWebhookSignature("wrong secret", ts, h.Body, sig) {
				t.Error("signature verifies with the wrong secret")
			}
		})
	}
}

func TestVerifyWebhookSignature(t *testing.T) {
	body := []byte(`{"kind":"delegation","subject":"审批权委托"}`)
	// Known answer, computed independently:
	// printf '1741570215.%s' "$body" | openssl dgst -sha256 -hmac s3cret
	const good = "3848cb8351ab525dd19643ae8f4587a24e9d14b82586744e7b8b58a2ad15b104"
	tests := []struct {
		name      string
		secret    string
		timestamp string
		body      []byte
		signature string
		want      bool
	}{
		{"valid", "s3cret", "1741570215", body, good, true},
		{"valid upper-case hex", "s3cret", "1741570215", body, strings.ToUpper(good), true},
		{"wrong secret", "secret", "1741570215", body, good, false},
		{"other timestamp", "s3cret", "1741570216", body, good, false},
		{"tampered body", "s3cret", "1741570215", []byte(`{"kind":"delegation","subject":"审批权收回"}`), good, false},
		{"not hex", "s3cret", "1741570215", body, "zz" + good[2:], false},
		{"empty", "s3cret", "1741570215", body, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := notify.VerifyWebhookSignature(tt.secret, tt.timestamp, tt.body, tt.signature)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("VerifyWebhookSignature (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRobotSender_Timeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		select { // sleep longer than the client's timeout
		case <-r.Context().Done():
		case <-release:
		case <-time.After(5 * time.Second):
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) }) // runs before srv.Close
	client := srv.Client()
	client.Timeout = 100 * time.Millisecond
	robot := notify.Robot{Kind: "webhook", URL: srv.URL + "/hook?token=TOPSECRET"}
	err := notify.NewRobotSender(client, fixedClock).SendTo(context.Background(), robot, testMsg)
	if diff := cmp.Diff("retryable", outcome(err)); diff != "" {
		t.Errorf("outcome of %v (-want +got):\n%s", err, diff)
	}
	if err != nil && strings.Contains(err.Error(), "TOPSECRET") {
		t.Errorf("error %q leaks the token", err)
	}
}

func TestRobotSender_ConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	robot := notify.Robot{Kind: "dingtalk", URL: "http://" + addr + "/robot/send?access_token=TOPSECRET", Secret: "SEC1"}
	err = notify.NewRobotSender(nil, fixedClock).SendTo(context.Background(), robot, testMsg)
	if diff := cmp.Diff("retryable", outcome(err)); diff != "" {
		t.Errorf("outcome of %v (-want +got):\n%s", err, diff)
	}
	if err != nil && strings.Contains(err.Error(), "TOPSECRET") {
		t.Errorf("error %q leaks the token", err)
	}
}

func TestRobotSender_Redirects(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
	}))
	t.Cleanup(other.Close)
	var final atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/away":
			http.Redirect(w, r, other.URL+"/steal", http.StatusTemporaryRedirect)
		case "/moved":
			http.Redirect(w, r, "/hook", http.StatusPermanentRedirect)
		case "/hook":
			final.Add(1)
		}
	}))
	t.Cleanup(srv.Close)
	s := notify.NewRobotSender(srv.Client(), fixedClock)

	err := s.SendTo(context.Background(), notify.Robot{Kind: "webhook", URL: srv.URL + "/away"}, testMsg)
	if diff := cmp.Diff("permanent", outcome(err)); diff != "" {
		t.Errorf("redirect to another host: outcome of %v (-want +got):\n%s", err, diff)
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("other host received %d requests, want 0", n)
	}
	if err := s.SendTo(context.Background(), notify.Robot{Kind: "webhook", URL: srv.URL + "/moved"}, testMsg); err != nil {
		t.Errorf("redirect on the same host: %v", err)
	}
	if n := final.Load(); n != 1 {
		t.Errorf("same-host target received %d requests, want 1", n)
	}
}
