package web

// In-app notifications: the inbox, opening a notice, marking all read, the
// live unread count (server-sent events), and a person's own channels and
// robots on the account page.

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/notify"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// notificationsLimit is how many of the newest notices the inbox shows.
const notificationsLimit = 100

// notificationsPage lists in-app notifications, newest first.
type notificationsPage struct {
	BasePage
	Items       []*store.OutboxMessage
	UnreadShown int  // unread among Items
	Capped      bool // there may be older notices than the ones shown
}

func (s *Server) handleNotifications(w http.ResponseWriter, r *http.Request) error {
	items, err := s.app.Notifications(r.Context(), actor(r), notificationsLimit)
	if err != nil {
		return err
	}
	p := &notificationsPage{BasePage: s.base(w, r, "通知"), Items: items, Capped: len(items) >= notificationsLimit}
	for _, m := range items {
		if m.ReadAt.IsZero() {
			p.UnreadShown++
		}
	}
	return s.pages.render(w, http.StatusOK, "notifications", "layout", p)
}

// noticePage shows one notice that has no page of its own to go to.
type noticePage struct {
	BasePage
	Notice  *store.OutboxMessage
	Offsite string // a link that leaves this system, shown as text only
}

// localURL reports whether u is a path on this site, safe to redirect to.
func localURL(u string) bool { return u != "" && safeNext(u) == u }

func (s *Server) handleNotice(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	m, err := s.app.OpenNotice(r.Context(), a, id)
	if err != nil {
		return err
	}
	s.live.publish(a.ID()) // other open pages update their badge
	if localURL(m.URL) {
		http.Redirect(w, r, m.URL, http.StatusSeeOther)
		return nil
	}
	p := &noticePage{BasePage: s.base(w, r, "通知"), Notice: m}
	if m.URL != "" {
		p.Offsite = m.URL
	}
	return s.pages.render(w, http.StatusOK, "notice", "layout", p)
}

func (s *Server) handleNotificationsReadAll(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.MarkAllRead(r.Context(), a); err != nil {
		return err
	}
	s.live.publish(a.ID())
	return redirect(w, r, "/notifications", "已将全部通知标为已读。")
}

// eventsPoll is how often the live stream re-reads the unread count even
// without a signal (another instance may have added a notice); it also
// keeps proxies from closing a quiet connection.
const eventsPoll = 25 * time.Second

// handleEvents streams the unread count as server-sent events:
// "event: unread" with the count at once, on every signal for this person
// and at least every eventsPoll. The stream ends when the client goes, or
// when the session would time out for inactivity: an open tab must not
// keep an idle session alive, so it then sends "event: end" and the page
// stops listening.
func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	ctx := r.Context()
	n, err := s.app.Unread(ctx, a)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	idle := s.cfg.IdleTimeout
	if idle <= 0 {
		idle = 30 * time.Minute
	}
	end := now.Add(idle)
	if si := signedIn(r); si != nil {
		if t := si.Session.LastSeenAt.Add(idle); !si.Session.LastSeenAt.IsZero() && t.Before(end) {
			end = t
		}
		if t := si.Session.ExpiresAt; !t.IsZero() && t.Before(end) {
			end = t
		}
	}
	rc := http.NewResponseController(w)
	// The server's write timeout would cut the stream; this response has
	// none. (The read deadline is already cleared for a request without a
	// body while its handler runs.)
	if err := rc.SetWriteDeadline(time.Time{}); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	wake := s.live.subscribe(ctx, a.ID())
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
	w.WriteHeader(http.StatusOK)
	send := func(format string, args ...any) bool {
		if _, err := fmt.Fprintf(w, format, args...); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if !send("retry: 10000\nevent: unread\ndata: %d\n\n", n) {
		return nil
	}
	poll := time.NewTicker(eventsPoll)
	defer poll.Stop()
	stop := time.NewTimer(max(end.Sub(now), time.Second))
	defer stop.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-stop.C:
			send("event: end\ndata: idle\n\n")
			return nil
		case <-wake:
		case <-poll.C:
		}
		n, err := s.app.Unread(ctx, a)
		if err != nil {
			if ctx.Err() == nil {
				s.log.WarnContext(ctx, "events: unread count", "err", err)
			}
			return nil
		}
		if !send("event: unread\ndata: %d\n\n", n) {
			return nil
		}
	}
}

// ---------------------------------------------------------------------------
// Personal channels and robots, on the account page.

// robotKinds are the robot types offered, with their Chinese names.
var robotKinds = []struct{ Code, Label string }{
	{notify.RobotDingTalk, "钉钉"},
	{notify.RobotWeCom, "企业微信"},
	{notify.RobotWebhook, "通用 Webhook"},
}

// robotKindLabel names a robot type.
func robotKindLabel(kind string) string {
	for _, k := range robotKinds {
		if k.Code == kind {
			return k.Label
		}
	}
	return kind
}

// robotForm is what was typed into a robot form, kept on an error (the
// secret is not echoed back).
type robotForm struct {
	UnitID          int64
	Name, Kind, URL string
}

func readRobotForm(r *http.Request) (robotForm, *store.Robot) {
	f := robotForm{Name: strings.TrimSpace(r.PostFormValue("name")), Kind: r.PostFormValue("kind"), URL: strings.TrimSpace(r.PostFormValue("url"))}
	return f, &store.Robot{Name: f.Name, Kind: f.Kind, URL: f.URL, Secret: r.PostFormValue("secret")}
}

func (s *Server) handleNotifyPrefs(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return zhongshu.Errorf(zhongshu.CodeInvalid, "提交的内容有误。")
	}
	err := s.app.SetNotifyPrefs(r.Context(), actor(r), r.PostForm["email"], r.PostForm["im"])
	if err != nil {
		msg, fields, ok := formErrors(err)
		if !ok {
			return err
		}
		p, perr := s.accountPage(w, r)
		if perr != nil {
			return perr
		}
		p.NotifyError, p.NotifyFields = msg, fields
		return s.pages.render(w, http.StatusBadRequest, "account", "layout", p)
	}
	return redirect(w, r, "/account#notify", "通知方式已保存。")
}

func (s *Server) handleRobotCreate(w http.ResponseWriter, r *http.Request) error {
	form, rb := readRobotForm(r)
	err := s.app.CreateRobot(r.Context(), actor(r), rb)
	if err != nil {
		msg, fields, ok := formErrors(err)
		if !ok {
			return err
		}
		p, perr := s.accountPage(w, r)
		if perr != nil {
			return perr
		}
		p.RobotError, p.RobotFields, p.RobotForm = msg, fields, form
		return s.pages.render(w, http.StatusBadRequest, "account", "layout", p)
	}
	return redirect(w, r, "/account#robots", "已添加机器人“"+rb.Name+"”。")
}

func (s *Server) handleRobotDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.app.DeleteRobot(r.Context(), actor(r), id); err != nil {
		return err
	}
	return redirect(w, r, "/account#robots", "机器人已删除。")
}
