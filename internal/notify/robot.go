package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Robot kinds.
const (
	RobotDingTalk = "dingtalk" // DingTalk custom robot (自定义机器人)
	RobotWeCom    = "wecom"    // WeCom group robot (企业微信群机器人)
	RobotWebhook  = "webhook"  // generic JSON webhook signed with HMAC-SHA256
)

// Robot is a government IM robot, configured per unit or per person.
type Robot struct {
	Kind   string // RobotDingTalk, RobotWeCom or RobotWebhook
	URL    string // webhook URL, with the access token or key when the kind needs one
	Secret string // DingTalk 加签 secret (SEC…) or webhook signing secret; "" for none
}

// DefaultRobotTimeout bounds one robot request when the client has no timeout.
const DefaultRobotTimeout = 10 * time.Second

// RobotSender posts notifications to IM robots. It implements Sender with
// channel "im" and is safe for concurrent use.
type RobotSender struct {
	client *http.Client
	clock  func() time.Time
}

var _ Sender = (*RobotSender)(nil)

// NewRobotSender returns the IM channel. It uses a copy of client (nil means
// a fresh one) whose timeout defaults to DefaultRobotTimeout and which never
// follows a redirect to another host: a robot URL that bounces elsewhere
// would hand the message, and any token in the URL, to a third party.
// clock (nil means time.Now) stamps DingTalk signatures and webhooks.
func NewRobotSender(client *http.Client, clock func() time.Time) *RobotSender {
	c := &http.Client{}
	if client != nil {
		cp := *client
		c = &cp
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultRobotTimeout
	}
	c.CheckRedirect = sameHostRedirect
	if clock == nil {
		clock = time.Now
	}
	return &RobotSender{client: c, clock: clock}
}

func sameHostRedirect(req *http.Request, via []*http.Request) error {
	if req.URL.Host != via[0].URL.Host {
		return Permanent(fmt.Errorf("notify: robot redirected to another host %q", req.URL.Host))
	}
	if len(via) >= 5 {
		return errors.New("notify: robot redirected too many times")
	}
	return nil
}

// Channel returns "im".
func (s *RobotSender) Channel() string { return ChannelIM }

// Send delivers m through to.Robot; a recipient without a robot is a
// Permanent error.
func (s *RobotSender) Send(ctx context.Context, to Recipient, m Message) error {
	if to.Robot == nil {
		return Permanent(fmt.Errorf("notify: recipient %q has no IM robot", to.Name))
	}
	return s.SendTo(ctx, *to.Robot, m)
}

// SendTo delivers m through robot r. The URL must be http or https. Error
// classification follows the robot's documented codes: a bad key, token or
// signature is Permanent; rate limits, 5xx and timeouts are retryable.
func (s *RobotSender) SendTo(ctx context.Context, r Robot, m Message) error {
	u, err := url.Parse(r.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		// The URL itself is not echoed: it may carry the robot's token.
		return Permanent(fmt.Errorf("notify: %s robot URL is not an http(s) URL", r.Kind))
	}
	now := s.clock()
	switch r.Kind {
	case RobotDingTalk:
		return s.sendDingTalk(ctx, u, r.Secret, now, m)
	case RobotWeCom:
		return s.sendWeCom(ctx, u, m)
	case RobotWebhook:
		return s.sendWebhook(ctx, u, r.Secret, now, m)
	default:
		return Permanent(fmt.Errorf("notify: unknown robot kind %q", r.Kind))
	}
}

// markdownText renders m for the robots' markdown message type. Nothing is
// escaped here: encoding/json takes care of the transport.
func markdownText(m Message) string {
	text := "### " + title(m) + "\n\n" + m.Body
	if m.URL != "" {
		text += "\n\n[打开中枢](" + m.URL + ")"
	}
	return text
}

// DingTalk errcodes that retrying cannot fix: 310000 is a failed security
// check (sign not match, invalid timestamp, keywords not in content, IP not
// in whitelist); 300001 and 300005 are an unknown access token.
var dingTalkPermanent = map[int]bool{300001: true, 300005: true, 310000: true}

// sendDingTalk posts to a DingTalk custom robot. With a secret (加签) the
// URL gets &timestamp=<ms>&sign=<urlencoded base64 HMAC-SHA256>.
func (s *RobotSender) sendDingTalk(ctx context.Context, u *url.URL, secret string, now time.Time, m Message) error {
	if secret != "" {
		ts := strconv.FormatInt(now.UnixMilli(), 10)
		q := "timestamp=" + ts + "&sign=" + url.QueryEscape(dingTalkSign(secret, ts))
		if u.RawQuery != "" {
			q = u.RawQuery + "&" + q
		}
		signed := *u
		signed.RawQuery = q
		u = &signed
	}
	payload := map[string]any{
		"msgtype":  "markdown",
		"markdown": map[string]string{"title": title(m), "text": markdownText(m)},
	}
	return s.postRobot(ctx, "dingtalk", u, payload, dingTalkPermanent)
}

// dingTalkSign is the DingTalk 加签 signature for a millisecond timestamp:
// base64(HmacSHA256(secret, timestamp+"\n"+secret)), before URL encoding.
func dingTalkSign(secret, timestamp string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp + "\n" + secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// WeCom errcode 93000 is "invalid webhook url": the key is wrong or revoked.
var weComPermanent = map[int]bool{93000: true}

// sendWeCom posts to a WeCom group robot; the key in the URL is the only
// credential.
func (s *RobotSender) sendWeCom(ctx context.Context, u *url.URL, m Message) error {
	payload := map[string]any{
		"msgtype":  "markdown",
		"markdown": map[string]string{"content": markdownText(m)},
	}
	return s.postRobot(ctx, "wecom", u, payload, weComPermanent)
}

// postRobot posts payload to a DingTalk or WeCom robot, which answer
// HTTP 200 with {"errcode":0,"errmsg":"ok"} on success.
func (s *RobotSender) postRobot(ctx context.Context, kind string, u *url.URL, payload any, permanent map[int]bool) error {
	body, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("notify: %s payload: %w", kind, err)
	}
	resp, err := s.post(ctx, kind, u, body, nil)
	if err != nil {
		return err
	}
	var r struct {
		ErrCode int    `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	if err := json.Unmarshal(resp, &r); err != nil {
		return fmt.Errorf("notify: %s robot answered with non-JSON: %w", kind, err)
	}
	if r.ErrCode == 0 {
		return nil
	}
	err = fmt.Errorf("notify: %s robot errcode %d: %s", kind, r.ErrCode, r.ErrMsg)
	if permanent[r.ErrCode] {
		return Permanent(err)
	}
	return err
}

// maxResponse caps how much of a robot's answer is read.
const maxResponse = 64 << 10

// post sends one JSON POST and returns the body of a 2xx answer. Other
// statuses become errors: 4xx except 408 and 429 are Permanent, the rest
// (5xx, timeouts, connection failures) retryable. Error texts never contain
// the URL's query or path, which may hold the robot's token.
func (s *RobotSender) post(ctx context.Context, kind string, u *url.URL, body []byte, header http.Header) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, Permanent(fmt.Errorf("notify: %s request: %w", kind, redact(err)))
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "Zhongshu-notify/1")
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("notify: %s post to %s: %w", kind, u.Host, redact(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return nil, fmt.Errorf("notify: %s reading answer from %s: %w", kind, u.Host, redact(err))
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return data, nil
	}
	err = fmt.Errorf("notify: %s post to %s: HTTP %s", kind, u.Host, resp.Status)
	if resp.StatusCode >= 400 && resp.StatusCode < 500 &&
		resp.StatusCode != http.StatusRequestTimeout && resp.StatusCode != http.StatusTooManyRequests {
		return nil, Permanent(err)
	}
	return nil, err
}

// redact strips everything after the host from the URL that net/http puts
// into its errors, so robot tokens do not end up in delivery records.
func redact(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil {
			ue.URL = u.Scheme + "://" + u.Host
		} else {
			ue.URL = "(redacted)"
		}
	}
	return err
}
