package web

// The JSON API of one's own work: the current user, the 工作台 lists,
// notifications, delegations (委托) and personal API tokens.

import (
	"net/http"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// ---------------------------------------------------------------------------
// Me.

// meJSON is the current user with what they may do and whose work they
// currently hold.
type meJSON struct {
	userJSON
	Permissions []zhongshu.Permission `json:"permissions" doc:"本人拥有的权限"`
	Delegators  []userRefJSON         `json:"delegators" doc:"委托生效中、其工作由本人代为处理的人员"`
}

// userRefJSON names a person.
type userRefJSON struct {
	ID   int64  `json:"id" doc:"人员编号"`
	Name string `json:"name" doc:"姓名；无权查看时为空"`
}

func (s *Server) handleAPIMe(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	me := meJSON{userJSON: s.userOut(a, a.User), Permissions: append([]zhongshu.Permission{}, a.Permissions()...), Delegators: []userRefJSON{}}
	for _, id := range a.Delegators {
		ref := userRefJSON{ID: id}
		u, err := s.app.FindUserByID(r.Context(), a, id)
		switch zhongshu.ErrorCode(err) {
		case "":
			ref.Name = u.Name
		case zhongshu.CodeForbidden, zhongshu.CodeNotFound:
		default:
			return err
		}
		me.Delegators = append(me.Delegators, ref)
	}
	writeJSON(w, http.StatusOK, me)
	return nil
}

// ---------------------------------------------------------------------------
// Work.

// workItemJSON is one entry of the 待办/待阅/已办 lists.
type workItemJSON struct {
	ID           int64             `json:"id" doc:"事项编号"`
	OwnerID      int64             `json:"owner_id" doc:"事项所属人员；与本人不同时，为委托人的事项"`
	Kind         zhongshu.WorkKind `json:"kind" doc:"todo 待办，toread 待阅"`
	Module       string            `json:"module" doc:"所属业务模块"`
	RefType      string            `json:"ref_type" doc:"业务对象类型"`
	RefID        int64             `json:"ref_id" doc:"业务对象编号"`
	Title        string            `json:"title" doc:"标题"`
	Step         string            `json:"step" doc:"需要办理的环节，如 签收、批示"`
	Urgency      zhongshu.Urgency  `json:"urgency" doc:"紧急程度：0 平件，1 加急，2 特急"`
	UrgencyLabel string            `json:"urgency_label" doc:"紧急程度的中文名称；平件为空"`
	DueAt        *apiStamp         `json:"due_at" doc:"办理时限；无时限为 null"`
	Deadline     deadlineJSON      `json:"deadline" doc:"时限状态"`
	URL          string            `json:"url" doc:"办理页面地址"`
	Done         bool              `json:"done" doc:"是否已办"`
	CreatedAt    apiStamp          `json:"created_at" doc:"到达时间"`
	DoneAt       *apiStamp         `json:"done_at" doc:"办结时间；未办为 null"`
}

// deadlineJSON is the traffic light of a deadline.
type deadlineJSON struct {
	State zhongshu.DeadlineState `json:"state" doc:"none 无时限，ok 正常，near 临期，overdue 超期，done 已办结"`
	Label string                 `json:"label" doc:"状态的中文名称"`
}

func deadlineOut(st zhongshu.DeadlineState) deadlineJSON {
	if st == zhongshu.DeadlineNone {
		return deadlineJSON{State: "none", Label: "无时限"}
	}
	return deadlineJSON{State: st, Label: st.Label()}
}

// workListJSON is one tab of the 工作台 with the open counts of the tabs.
type workListJSON struct {
	listJSON[workItemJSON]
	Kind   string         `json:"kind" doc:"本列表：todo 待办，toread 待阅，done 已办"`
	Counts workCountsJSON `json:"counts" doc:"未办事项数"`
}

type workCountsJSON struct {
	Todo   int `json:"todo" doc:"待办数"`
	ToRead int `json:"toread" doc:"待阅数"`
}

func (s *Server) handleAPIWork(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	pg := q.page()
	kind := q.str("kind")
	if kind == "" {
		kind = "todo"
	}
	wk, done := zhongshu.WorkTodo, false
	switch kind {
	case "todo":
	case "toread":
		wk = zhongshu.WorkToRead
	case "done":
		done = true
	default:
		q.p.Add("kind", "须为 todo、toread 或 done")
	}
	if err := q.err(); err != nil {
		return err
	}
	wl, err := s.app.Work(r.Context(), actor(r), wk, done, pg)
	if err != nil {
		return err
	}
	// The workListJSON of these items, written by hand (api_work_json.go).
	s.writeWorkList(w, http.StatusOK, &workListOut{items: wl.Items, now: s.clock.Now(), total: wl.Total, page: pg,
		kind: kind, todo: wl.Todo, toRead: wl.ToRead})
	return nil
}

// ---------------------------------------------------------------------------
// Notifications.

// notificationJSON is an in-app notification.
type notificationJSON struct {
	ID        int64      `json:"id" doc:"通知编号"`
	Kind      string     `json:"kind" doc:"通知类别，如 roles、delegation、deadline.overdue"`
	Subject   string     `json:"subject" doc:"标题"`
	Body      string     `json:"body" doc:"正文"`
	URL       string     `json:"url" doc:"相关页面地址"`
	Status    string     `json:"status" doc:"投递状态"`
	Urgent    bool       `json:"urgent" doc:"是否紧急（特急事项、红色预警）"`
	CreatedAt time.Time  `json:"created_at" doc:"时间"`
	ReadAt    *time.Time `json:"read_at" doc:"阅读时间；未读为 null"`
}

func notificationOut(m *store.OutboxMessage) notificationJSON {
	return notificationJSON{ID: m.ID, Kind: m.Kind, Subject: m.Subject, Body: m.Body, URL: m.URL, Status: m.Status, Urgent: m.Urgent,
		CreatedAt: apiTime(m.CreatedAt), ReadAt: optTime(m.ReadAt)}
}

// unreadJSON answers marking notices read.
type unreadJSON struct {
	Unread int `json:"unread" doc:"本人剩余的未读通知数"`
}

func (s *Server) handleAPINotificationRead(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	m, err := s.app.OpenNotice(r.Context(), a, id)
	if err != nil {
		return err
	}
	if m.ReadAt.IsZero() {
		m.ReadAt = s.clock.Now()
	}
	s.live.publish(a.ID())
	writeJSON(w, http.StatusOK, notificationOut(m))
	return nil
}

func (s *Server) handleAPINotificationsReadAll(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	if err := s.app.MarkAllRead(r.Context(), a); err != nil {
		return err
	}
	n, err := s.app.Unread(r.Context(), a)
	if err != nil {
		return err
	}
	s.live.publish(a.ID())
	writeJSON(w, http.StatusOK, unreadJSON{Unread: n})
	return nil
}

func (s *Server) handleAPINotifications(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	pg := q.page()
	if pg.Offset != 0 {
		q.p.Add("offset", "通知只返回最新的若干条，不支持偏移")
	}
	if err := q.err(); err != nil {
		return err
	}
	ms, err := s.app.Notifications(r.Context(), actor(r), pg.Limit)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(ms, notificationOut, len(ms), pg))
	return nil
}

// ---------------------------------------------------------------------------
// Delegations.

// delegationState is where a delegation stands.
type delegationState string

const (
	delegationPending delegationState = "pending"
	delegationActive  delegationState = "active"
	delegationExpired delegationState = "expired"
	delegationRevoked delegationState = "revoked"
)

// delegationJSON is a 委托.
type delegationJSON struct {
	ID         int64           `json:"id" doc:"委托编号"`
	FromUserID int64           `json:"from_user_id" doc:"委托人"`
	FromName   string          `json:"from_name" doc:"委托人姓名"`
	ToUserID   int64           `json:"to_user_id" doc:"受托人"`
	ToName     string          `json:"to_name" doc:"受托人姓名"`
	StartsAt   time.Time       `json:"starts_at" doc:"开始时间"`
	EndsAt     time.Time       `json:"ends_at" doc:"结束时间"`
	Reason     string          `json:"reason" doc:"委托事由"`
	State      delegationState `json:"state" doc:"pending 未开始，active 生效中，expired 已到期，revoked 已撤销"`
	StateLabel string          `json:"state_label" doc:"状态的中文名称"`
	CreatedBy  *int64          `json:"created_by" doc:"登记人"`
	CreatedAt  time.Time       `json:"created_at" doc:"登记时间"`
	RevokedAt  *time.Time      `json:"revoked_at" doc:"撤销时间；未撤销为 null"`
}

func delegationOut(now time.Time) func(*zhongshu.Delegation) delegationJSON {
	return func(d *zhongshu.Delegation) delegationJSON {
		st := delegationActive
		switch {
		case !d.RevokedAt.IsZero():
			st = delegationRevoked
		case now.Before(d.StartsAt):
			st = delegationPending
		case !now.Before(d.EndsAt):
			st = delegationExpired
		}
		return delegationJSON{
			ID: d.ID, FromUserID: d.FromUserID, FromName: d.FromName, ToUserID: d.ToUserID, ToName: d.ToName,
			StartsAt: apiTime(d.StartsAt), EndsAt: apiTime(d.EndsAt), Reason: d.Reason, State: st, StateLabel: d.State(now),
			CreatedBy: optID(d.CreatedBy), CreatedAt: apiTime(d.CreatedAt), RevokedAt: optTime(d.RevokedAt),
		}
	}
}

// delegationInput is the body of POST /delegations.
type delegationInput struct {
	FromUserID int64  `json:"from_user_id" doc:"委托人；省略或为 0 时为本人。为他人登记须有管理全部委托的权限"`
	ToUserID   int64  `json:"to_user_id" api:"req" doc:"受托人"`
	StartsAt   string `json:"starts_at" api:"req" format:"date-time" doc:"开始时间，RFC 3339"`
	EndsAt     string `json:"ends_at" api:"req" format:"date-time" doc:"结束时间，RFC 3339；单次不超过90天"`
	Reason     string `json:"reason" api:"req" doc:"委托事由，不超过200个字"`
}

func (s *Server) handleAPIDelegations(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	q := newQuery(r)
	pg := q.page()
	all := !a.Can(zhongshu.PermDelegateOwn)
	if f := q.flag("all"); f != nil {
		all = *f
	}
	if err := q.err(); err != nil {
		return err
	}
	ds, total, err := s.app.FindDelegations(r.Context(), a, all, pg)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(ds, delegationOut(s.clock.Now()), total, pg))
	return nil
}

func (s *Server) handleAPIDelegationCreate(w http.ResponseWriter, r *http.Request) error {
	var in delegationInput
	if _, err := decodeJSON(r, &in); err != nil {
		return err
	}
	a := actor(r)
	d := &zhongshu.Delegation{FromUserID: in.FromUserID, ToUserID: in.ToUserID, Reason: strings.TrimSpace(in.Reason)}
	if d.FromUserID == 0 {
		d.FromUserID = a.ID()
	}
	var p zhongshu.Problems
	parse := func(field, v string) time.Time {
		if strings.TrimSpace(v) == "" {
			return time.Time{}
		}
		t, err := time.Parse(time.RFC3339, strings.TrimSpace(v))
		if err != nil {
			p.Add(field, "须为 RFC 3339 格式的时间，如 2025-01-02T08:00:00+08:00")
		}
		return t
	}
	d.StartsAt, d.EndsAt = parse("starts_at", in.StartsAt), parse("ends_at", in.EndsAt)
	if err := withProblems(p, func() error { return d.Validate(s.clock.Now()) }); err != nil {
		return err
	}
	if err := s.app.CreateDelegation(r.Context(), a, d); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, delegationOut(s.clock.Now())(d))
	return nil
}

func (s *Server) handleAPIDelegationRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.app.RevokeDelegation(r.Context(), actor(r), id); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, revokedJSON{ID: id, Revoked: true})
	return nil
}

// ---------------------------------------------------------------------------
// Tokens.

// tokenJSON is a personal API token; the token itself is shown only when
// it is created.
type tokenJSON struct {
	ID         int64      `json:"id" doc:"令牌编号"`
	Name       string     `json:"name" doc:"用途"`
	Prefix     string     `json:"prefix" doc:"令牌的前几个字符，用于区分"`
	CreatedAt  time.Time  `json:"created_at" doc:"创建时间"`
	LastUsedAt *time.Time `json:"last_used_at" doc:"最近使用时间；未用过为 null"`
	ExpiresAt  time.Time  `json:"expires_at" doc:"到期时间"`
	RevokedAt  *time.Time `json:"revoked_at" doc:"吊销时间；未吊销为 null"`
	Active     bool       `json:"active" doc:"当前是否可用（未吊销、未到期）"`
}

// tokenCreatedJSON is a new token with its secret, shown once.
type tokenCreatedJSON struct {
	tokenJSON
	Token string `json:"token" doc:"令牌，仅返回这一次；请求时放在 Authorization: Bearer 头中"`
}

// tokenInput is the body of POST /tokens.
type tokenInput struct {
	Name string `json:"name" api:"req" doc:"用途，不超过40个字"`
	Days int    `json:"days" doc:"有效天数，1至365；省略或为 0 时为365"`
}

func tokenOut(now time.Time) func(*store.APIToken) tokenJSON {
	return func(t *store.APIToken) tokenJSON {
		return tokenJSON{
			ID: t.ID, Name: t.Name, Prefix: t.Prefix, CreatedAt: apiTime(t.CreatedAt), LastUsedAt: optTime(t.LastUsedAt),
			ExpiresAt: apiTime(t.ExpiresAt), RevokedAt: optTime(t.RevokedAt),
			Active: t.RevokedAt.IsZero() && (t.ExpiresAt.IsZero() || now.Before(t.ExpiresAt)),
		}
	}
}

func (s *Server) handleAPITokens(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	pg := q.page()
	if err := q.err(); err != nil {
		return err
	}
	ts, err := s.app.APITokens(r.Context(), actor(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(pageOf(ts, pg), tokenOut(s.clock.Now()), len(ts), pg))
	return nil
}

func (s *Server) handleAPITokenCreate(w http.ResponseWriter, r *http.Request) error {
	var in tokenInput
	if _, err := decodeJSON(r, &in); err != nil {
		return err
	}
	nt, err := s.app.CreateAPIToken(r.Context(), actor(r), in.Name, in.Days)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, tokenCreatedJSON{tokenJSON: tokenOut(s.clock.Now())(nt.APIToken), Token: nt.Token})
	return nil
}

func (s *Server) handleAPITokenRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.app.RevokeAPIToken(r.Context(), actor(r), id); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, revokedJSON{ID: id, Revoked: true})
	return nil
}
