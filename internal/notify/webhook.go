package notify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Headers of a generic webhook request.
const (
	HeaderTimestamp = "X-Zhongshu-Timestamp" // Unix seconds as a decimal string
	HeaderSignature = "X-Zhongshu-Signature" // hex HMAC-SHA256 of timestamp + "." + body
)

// WebhookPayload is the JSON body of a generic webhook request.
type WebhookPayload struct {
	Kind    string    `json:"kind"`
	Subject string    `json:"subject"`
	Body    string    `json:"body"`
	URL     string    `json:"url"`
	Urgent  bool      `json:"urgent"`
	SentAt  time.Time `json:"sent_at"`
}

// sendWebhook posts m as a WebhookPayload. With a secret, the request is
// signed so the receiver can check origin and freshness: the timestamp is
// part of the signed string, which stops replays of old requests.
func (s *RobotSender) sendWebhook(ctx context.Context, u *url.URL, secret string, now time.Time, m Message) error {
	body, err := json.Marshal(WebhookPayload{
		Kind: m.Kind, Subject: m.Subject, Body: m.Body, URL: m.URL, Urgent: m.Urgent,
		SentAt: now.UTC().Truncate(time.Second),
	})
	if err != nil {
		return fmt.Errorf("notify: webhook payload: %w", err)
	}
	var header http.Header
	if secret != "" {
		ts := strconv.FormatInt(now.Unix(), 10)
		header = http.Header{}
		header.Set(HeaderTimestamp, ts)
		header.Set(HeaderSignature, webhookSignature(secret, ts, body))
	}
	_, err = s.post(ctx, "webhook", u, body, header)
	return err
}

func webhookSignature(secret, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp))
	mac.Write([]byte{'.'})
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// VerifyWebhookSignature reports whether signature (the X-Zhongshu-Signature
// header) matches secret, timestamp (the X-Zhongshu-Timestamp header) and the
// raw request body. The comparison is constant-time. Receivers should also
// reject timestamps far from their own clock (say, more than 5 minutes).
func VerifyWebhookSignature(secret, timestamp string, body []byte, signature string) bool {
	got, err := hex.DecodeString(signature)
	if err != nil {
		return false
	}
	want, _ := hex.DecodeString(webhookSignature(secret, timestamp, body))
	return hmac.Equal(got, want)
}
