package app_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/notify"
	"github.com/zhongshu-oa/zhongshu/internal/notify/notifytest"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// hook is a test webhook receiver that checks signatures.
type hook struct {
	secret string
	status int
	mu     sync.Mutex
	bodies []string
	bad    int // requests with a wrong signature
}

func (h *hook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.secret != "" && !notify.VerifyWebhookSignature(h.secret, r.Header.Get(notify.HeaderTimestamp), body, r.Header.Get(notify.HeaderSignature)) {
		h.bad++
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	h.bodies = append(h.bodies, string(body))
	w.WriteHeader(h.status)
}

func (h *hook) received() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.bodies...)
}

// TestDelivery_EmailAndWebhook sends notices through the outbox to a real
// SMTP server and a signed webhook, as each person chose; an urgent notice
// goes everywhere whatever the choice.
func TestDelivery_EmailAndWebhook(t *testing.T) {
	f := newFixture(t, "sqlite", true)
	sink, port := notifytest.StartSMTP(t, nil)
	email, err := notify.NewEmail(notify.SMTPConfig{Host: "127.0.0.1", Port: port, From: "中枢 <oa@qingchuan.gov.cn>", TLS: "none", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	f.app.SetSenders(email, notify.NewRobotSender(nil, nil))
	h := &hook{secret: "s3cret", status: http.StatusOK}
	srv := httptest.NewServer(h)
	defer srv.Close()

	sys, wenshu := f.actor("sysadmin"), f.actor("wenshu")
	// wenshu has an address and wants deadline notices by e-mail only.
	u := wenshu.User
	u.Email = "wenshu@qingchuan.gov.cn"
	if err := f.app.UpdateUser(f.ctx, sys, u); err != nil {
		t.Fatal(err)
	}
	wenshu = f.actor("wenshu")
	if err := f.app.SetNotifyPrefs(f.ctx, wenshu, []string{"deadline"}, nil); err != nil {
		t.Fatal(err)
	}
	if err := f.app.CreateRobot(f.ctx, sys, &store.Robot{UnitID: wenshu.User.PrimaryUnitID(), Name: "文电科群", Kind: notify.RobotWebhook, URL: srv.URL, Secret: "s3cret"}); err != nil {
		t.Fatal(err)
	}
	err = f.db.Transact(f.ctx, func(tx *store.Tx) error {
		for _, m := range []*store.OutboxMessage{
			{RecipientID: wenshu.ID(), Kind: "deadline.due_soon", Subject: "【临期】关于春运安全的通知", Body: "办理期限 2026年2月13日 24:00", URL: "/receipts/1"},
			{RecipientID: wenshu.ID(), Kind: "delegation", Subject: "县长委托您代为处理工作", Body: "事由：外出"},
			{RecipientID: wenshu.ID(), Kind: "deadline.overdue", Subject: "【超期】关于防汛的紧急通知", Urgent: true},
		} {
			if err := tx.AddOutbox(f.ctx, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := f.app.FanOut(f.ctx); err != nil || n != 3 {
		t.Fatalf("fan-out: %d, %v", n, err)
	}
	sent, failed, err := f.app.SendDeliveries(f.ctx)
	if err != nil || sent != 3 || failed != 0 {
		t.Fatalf("send: sent %d failed %d, %v", sent, failed, err)
	}
	var subjects []string
	for _, m := range sink.Messages() {
		subjects = append(subjects, m.Subject())
		if len(m.To) != 1 || m.To[0] != "wenshu@qingchuan.gov.cn" {
			t.Errorf("mail to %v", m.To)
		}
	}
	// The delegation notice is "other": not chosen for e-mail.
	if want := "【临期】关于春运安全的通知|【特急】【超期】关于防汛的紧急通知"; strings.Join(subjects, "|") != want {
		t.Errorf("mail subjects %q, want %q", strings.Join(subjects, "|"), want)
	}
	got := h.received()
	if len(got) != 1 || !strings.Contains(got[0], "关于防汛的紧急通知") || h.bad != 0 {
		t.Errorf("webhook got %q (bad signatures %d); want only the urgent notice", got, h.bad)
	}
	// Nothing is sent twice.
	if n, _ := f.app.FanOut(f.ctx); n != 0 {
		t.Errorf("second fan-out: %d", n)
	}
	if s, _, _ := f.app.SendDeliveries(f.ctx); s != 0 {
		t.Errorf("second send: %d", s)
	}
}

// TestDelivery_FailingEndpointRetriedThenFailed retries a webhook that
// answers 503 with backoff, gives up after notify.MaxAttempts and shows the
// delivery as failed; an administrator can queue it again.
func TestDelivery_FailingEndpointRetriedThenFailed(t *testing.T) {
	f := newFixture(t, "sqlite", true)
	f.app.SetSenders(nil, notify.NewRobotSender(nil, f.clock.Now))
	h := &hook{status: http.StatusServiceUnavailable}
	srv := httptest.NewServer(h)
	defer srv.Close()
	zhuren := f.actor("zhuren")
	if err := f.app.CreateRobot(f.ctx, zhuren, &store.Robot{Name: "我的提醒", Kind: notify.RobotWebhook, URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	err := f.db.Transact(f.ctx, func(tx *store.Tx) error {
		return tx.AddOutbox(f.ctx, &store.OutboxMessage{RecipientID: zhuren.ID(), Kind: "deadline.overdue", Subject: "【超期】督办事项", Urgent: true})
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.app.FanOut(f.ctx); err != nil {
		t.Fatal(err)
	}
	sys := f.actor("sysadmin")
	var attempts []int
	for i := 0; i < 10; i++ {
		if _, _, err := f.app.SendDeliveries(f.ctx); err != nil {
			t.Fatal(err)
		}
		attempts = append(attempts, len(h.received()))
		// Before the backoff has passed, nothing is retried.
		if s, fl, _ := f.app.SendDeliveries(f.ctx); s+fl != 0 || len(h.received()) != attempts[len(attempts)-1] {
			t.Fatalf("retried before the backoff at attempt %d", i+1)
		}
		f.clock.Advance(3 * time.Hour)
	}
	if len(h.received()) != notify.MaxAttempts {
		t.Errorf("endpoint called %d times, want %d (attempts after each round: %v)", len(h.received()), notify.MaxAttempts, attempts)
	}
	ds, total, err := f.app.Deliveries(f.ctx, sys, "failed", app.Page{})
	if err != nil || total != 1 || ds[0].Attempts != notify.MaxAttempts || !strings.Contains(ds[0].LastError, "503") {
		t.Fatalf("failed deliveries: %d %+v %v", total, ds, err)
	}
	h.mu.Lock()
	h.status = http.StatusOK
	h.mu.Unlock()
	if err := f.app.RetryDelivery(f.ctx, sys, ds[0].ID); err != nil {
		t.Fatal(err)
	}
	if s, _, err := f.app.SendDeliveries(f.ctx); err != nil || s != 1 {
		t.Errorf("manual retry: sent %d, %v", s, err)
	}
	if err := f.app.RetryDelivery(f.ctx, f.actor("wenshu"), ds[0].ID); zhongshu.ErrorCode(err) != zhongshu.CodeForbidden {
		t.Errorf("clerk retrying: %v", err)
	}
}
