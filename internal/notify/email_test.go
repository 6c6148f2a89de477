package notify_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/notify"
	"github.com/zhongshu-oa/zhongshu/internal/notify/notifytest"
)

func MustNewEmail(t *testing.T, port int) *notify.Email {
	t.Helper()
	e, err := notify.NewEmail(notify.SMTPConfig{
		Host: "127.0.0.1", Port: port, From: "中枢 <oa@county.gov.cn>", TLS: "none", Timeout: 5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// parsedMail is what a recipient's mail client would show.
type parsedMail struct {
	EnvelopeFrom string
	EnvelopeTo   []string
	Subject      string
	From         string
	To           string
	Importance   string
	Kind         string
	Body         string
}

func parseMail(t *testing.T, r notifytest.Received) parsedMail {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(r.Data))
	if err != nil {
		t.Fatalf("parse message: %v\n%s", err, r.Data)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("decode subject: %v", err)
	}
	from, err := msg.Header.AddressList("From")
	if err != nil {
		t.Fatalf("From: %v", err)
	}
	to, err := msg.Header.AddressList("To")
	if err != nil {
		t.Fatalf("To: %v", err)
	}
	if ct := msg.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") || !strings.Contains(ct, "UTF-8") {
		t.Errorf("Content-Type = %q, want UTF-8 text/plain", ct)
	}
	var body io.Reader = msg.Body
	switch cte := msg.Header.Get("Content-Transfer-Encoding"); strings.ToLower(cte) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	case "", "7bit", "8bit":
	default:
		t.Fatalf("unexpected Content-Transfer-Encoding %q", cte)
	}
	text, err := io.ReadAll(body)
	if err != nil {
		t.Fatalf("decode body: %v", err)
	}
	return parsedMail{
		EnvelopeFrom: r.From, EnvelopeTo: r.To, Subject: subject,
		From:       fmt.Sprintf("%s <%s>", from[0].Name, from[0].Address),
		To:         fmt.Sprintf("%s <%s>", to[0].Name, to[0].Address),
		Importance: msg.Header.Get("Importance"), Kind: msg.Header.Get("X-Zhongshu-Kind"),
		Body: strings.ReplaceAll(string(text), "\r\n", "\n"),
	}
}

func TestEmail_Send(t *testing.T) {
	const body = "承办单位：县农业农村局\n办理期限：2025年3月10日（星期一）\n请于今日下班前办结并反馈“春耕备耕”落实情况。"
	const link = "https://oa.county.gov.cn/tasks/42?from=mail&tab=反馈"
	tests := []struct {
		name string
		to   notify.Recipient
		msg  notify.Message
		want parsedMail
	}{{
		name: "Chinese subject body and link",
		to:   notify.Recipient{Name: "张伟", Email: "zhangwei@county.gov.cn"},
		msg:  notify.Message{Kind: "deadline.overdue", Subject: "督办事项已逾期：关于做好2025年春耕备耕工作的通知", Body: body, URL: link},
		want: parsedMail{
			EnvelopeFrom: "oa@county.gov.cn", EnvelopeTo: []string{"zhangwei@county.gov.cn"},
			Subject: "督办事项已逾期：关于做好2025年春耕备耕工作的通知",
			From:    "中枢 <oa@county.gov.cn>", To: "张伟 <zhangwei@county.gov.cn>",
			Kind: "deadline.overdue", Body: body + "\n\n打开中枢办理：\n" + link + "\n",
		},
	}, {
		name: "urgent without link",
		to:   notify.Recipient{Email: "li.na@county.gov.cn"},
		msg:  notify.Message{Kind: "delegation", Subject: "王局长将审批权委托给您", Body: "委托期限：3月10日至3月14日", Urgent: true},
		want: parsedMail{
			EnvelopeFrom: "oa@county.gov.cn", EnvelopeTo: []string{"li.na@county.gov.cn"},
			Subject: "【特急】王局长将审批权委托给您",
			From:    "中枢 <oa@county.gov.cn>", To: " <li.na@county.gov.cn>",
			Importance: "high", Kind: "delegation", Body: "委托期限：3月10日至3月14日\n",
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink, port := notifytest.StartSMTP(t, nil)
			if err := MustNewEmail(t, port).Send(context.Background(), tt.to, tt.msg); err != nil {
				t.Fatalf("Send: %v", err)
			}
			msgs := sink.Messages()
			if len(msgs) != 1 {
				t.Fatalf("server received %d messages, want 1", len(msgs))
			}
			if diff := cmp.Diff(tt.want, parseMail(t, msgs[0])); diff != "" {
				t.Errorf("received mail (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEmail_SendErrors(t *testing.T) {
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedPort := closed.Addr().(*net.TCPAddr).Port
	closed.Close()

	msg := notify.Message{Kind: "deadline.due", Subject: "办理期限提醒", Body: "明天到期"}
	tests := []struct {
		name    string
		rcptErr error // reply of the test server to RCPT TO
		closed  bool  // send to a port nobody listens on
		to      notify.Recipient
		want    string
	}{
		{name: "no address", to: notify.Recipient{Name: "赵敏"}, want: "permanent"},
		{name: "malformed address", to: notify.Recipient{Name: "赵敏", Email: "赵敏@"}, want: "permanent"},
		{name: "mailbox unknown 550", to: notify.Recipient{Email: "nobody@county.gov.cn"},
			rcptErr: &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}, want: "permanent"},
		{name: "mailbox busy 451", to: notify.Recipient{Email: "zhaomin@county.gov.cn"},
			rcptErr: &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"}, want: "retryable"},
		{name: "connection refused", to: notify.Recipient{Email: "zhaomin@county.gov.cn"}, closed: true, want: "retryable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, port := notifytest.StartSMTP(t, tt.rcptErr)
			if tt.closed {
				port = closedPort
			}
			err := MustNewEmail(t, port).Send(context.Background(), tt.to, msg)
			if diff := cmp.Diff(tt.want, outcome(err)); diff != "" {
				t.Errorf("outcome of %v (-want +got):\n%s", err, diff)
			}
		})
	}
}

func TestEmail_SendConcurrent(t *testing.T) {
	sink, port := notifytest.StartSMTP(t, nil)
	e := MustNewEmail(t, port)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			to := notify.Recipient{Email: fmt.Sprintf("user%d@county.gov.cn", i)}
			errs[i] = e.Send(context.Background(), to, notify.Message{Subject: "会议通知", Body: "周一上午九点"})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("send %d: %v", i, err)
		}
	}
	if got := len(sink.Messages()); got != len(errs) {
		t.Errorf("server received %d messages, want %d", got, len(errs))
	}
}

func TestNewEmail_Config(t *testing.T) {
	tests := []struct {
		name    string
		cfg     notify.SMTPConfig
		wantErr bool
	}{
		{"starttls", notify.SMTPConfig{Host: "mail.county.gov.cn", From: "中枢 <oa@county.gov.cn>", TLS: "starttls"}, false},
		{"tls with auth", notify.SMTPConfig{Host: "mail.county.gov.cn", From: "oa@county.gov.cn", TLS: "tls", Username: "oa", Password: "x"}, false},
		{"unknown TLS mode", notify.SMTPConfig{Host: "mail.county.gov.cn", From: "oa@county.gov.cn", TLS: "ssl"}, true},
		{"bad from", notify.SMTPConfig{Host: "mail.county.gov.cn", From: "中枢", TLS: "none"}, true},
		{"no host", notify.SMTPConfig{From: "oa@county.gov.cn", TLS: "none"}, true},
		{"bad port", notify.SMTPConfig{Host: "mail.county.gov.cn", Port: 70000, From: "oa@county.gov.cn", TLS: "none"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := notify.NewEmail(tt.cfg)
			if diff := cmp.Diff(tt.wantErr, err != nil); diff != "" {
				t.Errorf("NewEmail error %v (-want +got):\n%s", err, diff)
			}
		})
	}
}
