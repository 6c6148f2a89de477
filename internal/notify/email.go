package notify

import (
	"context"
	"errors"
	"fmt"
	netmail "net/mail"
	"strings"
	"time"

	"github.com/wneessen/go-mail"
)

// SMTPConfig configures the e-mail channel.
type SMTPConfig struct {
	Host string
	// Port defaults to 25 for TLS "none", 587 for "starttls" and 465 for "tls".
	Port int
	// Username and Password enable SMTP AUTH when Username is set. go-mail
	// picks the strongest mechanism the server offers and never sends
	// PLAIN or LOGIN over an unencrypted connection.
	Username, Password string
	From               string // e.g. "中枢 <oa@county.gov.cn>"
	TLS                string // "none" | "starttls" | "tls"
	// Timeout bounds the dial and each SMTP command; 0 means 30 s.
	Timeout time.Duration
}

// Email sends notifications as plain-text UTF-8 mail. It implements Sender
// with channel "email" and is safe for concurrent use: each Send opens its own
// SMTP connection, which suits the trickle of notifications an office sends.
type Email struct {
	client *mail.Client
	from   *netmail.Address
}

var _ Sender = (*Email)(nil)

// NewEmail validates cfg and returns the e-mail channel. It does not connect.
func NewEmail(cfg SMTPConfig) (*Email, error) {
	from, err := netmail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("notify: SMTP from address %q: %w", cfg.From, err)
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	opts := []mail.Option{mail.WithTimeout(timeout)}
	port := cfg.Port
	switch cfg.TLS {
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
		port = orDefault(port, 25)
	case "starttls":
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
		port = orDefault(port, 587)
	case "tls":
		opts = append(opts, mail.WithSSL())
		port = orDefault(port, 465)
	default:
		return nil, fmt.Errorf("notify: SMTP TLS mode %q: want none, starttls or tls", cfg.TLS)
	}
	opts = append(opts, mail.WithPort(port))
	if cfg.Username != "" {
		// AutoDiscover, unlike Opportunistic, never mutates the client while
		// sending, so concurrent Sends are race-free.
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(cfg.Username), mail.WithPassword(cfg.Password))
	}
	client, err := mail.NewClient(cfg.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("notify: SMTP client for %s:%d: %w", cfg.Host, port, err)
	}
	return &Email{client: client, from: from}, nil
}

func orDefault(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// Channel returns "email".
func (e *Email) Channel() string { return ChannelEmail }

// Send mails m to to.Email. The subject is RFC 2047-encoded by go-mail; the
// body is UTF-8 quoted-printable with the URL on a line of its own so that
// mail clients make it clickable. A missing or malformed address, and a 5xx
// refusal from the server, are Permanent; connection failures and 4xx
// replies are retryable. ctx bounds the connection attempt; once connected,
// each SMTP command is bounded by SMTPConfig.Timeout.
func (e *Email) Send(ctx context.Context, to Recipient, m Message) error {
	msg, err := e.build(to, m)
	if err != nil {
		return err
	}
	if err := e.client.DialAndSendWithContext(ctx, msg); err != nil {
		err = fmt.Errorf("notify: mail %q to %s: %w", m.Kind, to.Email, err)
		var se *mail.SendError
		if errors.As(err, &se) && !se.IsTemp() && se.ErrorCode() >= 500 {
			return Permanent(err)
		}
		return err
	}
	return nil
}

// build renders m as a go-mail message for one recipient.
func (e *Email) build(to Recipient, m Message) (*mail.Msg, error) {
	if strings.TrimSpace(to.Email) == "" {
		return nil, Permanent(fmt.Errorf("notify: recipient %q has no e-mail address", to.Name))
	}
	addr, err := netmail.ParseAddress(to.Email)
	if err != nil {
		return nil, Permanent(fmt.Errorf("notify: recipient %q e-mail %q: %w", to.Name, to.Email, err))
	}
	if to.Name != "" {
		addr.Name = to.Name
	}
	msg := mail.NewMsg(mail.WithCharset(mail.CharsetUTF8), mail.WithEncoding(mail.EncodingQP))
	msg.FromMailAddress(e.from)
	msg.AddToMailAddress(addr)
	msg.Subject(title(m))
	msg.SetDate()
	msg.SetMessageID()
	msg.SetUserAgent("Zhongshu")
	if m.Kind != "" {
		msg.SetGenHeader(mail.Header("X-Zhongshu-Kind"), m.Kind)
	}
	if m.Urgent {
		msg.SetImportance(mail.ImportanceHigh)
	}
	msg.SetBodyString(mail.TypeTextPlain, emailBody(m))
	return msg, nil
}

// emailBody is the plain-text body: m.Body, then the link if there is one.
func emailBody(m Message) string {
	body := strings.TrimRight(m.Body, "\n")
	if m.URL != "" {
		body += "\n\n打开中枢办理：\n" + m.URL
	}
	return body + "\n"
}
