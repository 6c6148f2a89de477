package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// op is one kind of request a simulated user makes. It returns errSkip when
// it had nothing to do (no latency is recorded).
type op func(ctx context.Context, d *driver, rng *rand.Rand) error

var errSkip = errors.New("skip")

// opPrep names the requests the driver makes to replenish its pools of
// items to act on (create, submit, sign): they load the server too, so the
// report shows them apart.
const opPrep = "(prep)"

var opsByName = map[string]op{
	"login":              opLogin,
	"worklist":           opWorklist,
	"open":               opOpen,
	"register":           opRegister,
	"action":             opAction,
	"incoming-list":      opIncomingList,
	"ledger":             opLedger,
	"stats":              opStats,
	"create-item":        opCreateItem,
	"list-assigned-open": opListAssignedOpen,
	"add-progress":       opAddProgress,
	"close-item":         opCloseItem,
	"search":             opSearch,
}

// defaultMix is a working morning in the county: mostly reading 待办
// lists, documents and ledgers, some registrations and actions, and rare
// sign-ins (a person signs in once a day; argon2id costs 0.2 s of CPU).
var defaultMix = []struct {
	name   string
	weight int
}{
	{"worklist", 300}, {"open", 200}, {"incoming-list", 80}, {"list-assigned-open", 80}, {"ledger", 60},
	{"search", 60}, {"action", 60}, {"add-progress", 50}, {"register", 40}, {"create-item", 40},
	{"close-item", 10}, {"stats", 10}, {"login", 1},
}

// OpNames lists the operations.
func OpNames() []string {
	var out []string
	for n := range opsByName {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// driver is the shared state of a run.
type driver struct {
	base       string
	hc         *http.Client
	tf         *TokenFile
	byID       map[int64]*TokenUser
	registrars []*TokenUser
	supers     []*TokenUser
	leaders    []*TokenUser
	liaisons   []*TokenUser
	all        []*TokenUser
	unitLia    map[int64]*TokenUser // unit → its 联络员
	supUnits   []int64              // units 督办 items go to
	maxDoc     atomic.Int64
	maxItem    atomic.Int64
	progressMu sync.Mutex
	progress   []*poolItem    // in-progress items for add-progress (not consumed)
	toClose    chan *poolItem // in-progress items for close-item (consumed)
	toAdvance  chan *poolItem // items for action, advanced one step at a time
	loginSeq   atomic.Uint32
	recs       map[string]*recorder
	noteMu     sync.Mutex
	notes      map[string]bool
}

// poolItem is a 督办 item the driver acts on, with where it stands.
type poolItem struct {
	id       int64
	leadUnit int64
	leader   int64 // the assigning leader, who reviews
	stage    int   // index into advanceSteps of the next step
}

func newDriver(opts RunOptions, tf *TokenFile, ops []string) (*driver, error) {
	tr := &http.Transport{MaxIdleConns: 2 * opts.Users, MaxIdleConnsPerHost: 2 * opts.Users, IdleConnTimeout: time.Minute}
	d := &driver{base: strings.TrimRight(opts.URL, "/"), hc: &http.Client{Transport: tr, Timeout: time.Minute}, tf: tf,
		byID: map[int64]*TokenUser{}, unitLia: map[int64]*TokenUser{}, notes: map[string]bool{},
		toClose: make(chan *poolItem, 1<<16), toAdvance: make(chan *poolItem, 1<<16)}
	for i := range tf.Users {
		u := &tf.Users[i]
		d.byID[u.ID] = u
		d.all = append(d.all, u)
		for _, r := range u.Roles {
			switch r {
			case "registrar":
				d.registrars = append(d.registrars, u)
			case "supervisor":
				d.supers = append(d.supers, u)
			case "county_head", "exec_deputy_head", "deputy_head":
				d.leaders = append(d.leaders, u)
			case "unit_liaison":
				d.liaisons = append(d.liaisons, u)
			}
		}
	}
	for _, un := range tf.Units {
		if l := d.byID[un.LiaisonID]; l != nil {
			d.unitLia[un.ID] = l
			if un.Handles {
				d.supUnits = append(d.supUnits, un.ID)
			}
		}
	}
	if len(d.registrars) == 0 || len(d.supers) == 0 || len(d.leaders) == 0 || len(d.liaisons) == 0 || len(d.supUnits) == 0 {
		return nil, fmt.Errorf("the token file lacks 文书, 督查员, leaders or 联络员 with units")
	}
	return d, nil
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// note records a remark for the report once.
func (d *driver) note(s string) {
	d.noteMu.Lock()
	d.notes[s] = true
	d.noteMu.Unlock()
}

func (d *driver) warnings() []string {
	d.noteMu.Lock()
	defer d.noteMu.Unlock()
	var out []string
	for s := range d.notes {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// supervisionItemOut is what the driver reads of a 督办 item.
type supervisionItemOut struct {
	ID                int64  `json:"id"`
	Status            string `json:"status"`
	AssigningLeaderID *int64 `json:"assigning_leader_id"`
	Assignments       []struct {
		UnitID   int64      `json:"unit_id"`
		Role     string     `json:"role"`
		SignedAt *time.Time `json:"signed_at"`
	} `json:"assignments"`
}

type listOut[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

// prepare checks the server and finds the items to act on: the newest
// document and item (opened at random below them), and the open 督办 items
// whose lead unit and reviewing leader have tokens, shared out among the
// operations that change them.
func (d *driver) prepare(ctx context.Context, log io.Writer) error {
	if err := d.call(ctx, "GET", "/api/v1/me", d.registrars[0].Token, nil, nil, http.StatusOK); err != nil {
		return fmt.Errorf("server at %s does not answer with the token file's tokens: %w", d.base, err)
	}
	var docs listOut[struct {
		ID int64 `json:"id"`
	}]
	if err := d.call(ctx, "GET", "/api/v1/incoming?limit=1", d.registrars[0].Token, nil, &docs, http.StatusOK); err != nil {
		return err
	}
	if len(docs.Items) > 0 {
		d.maxDoc.Store(docs.Items[0].ID)
	}
	sup := d.supers[0].Token
	n := 0
	for _, status := range []string{"in_progress", "issued"} {
		for offset := 0; offset < 3000; offset += 500 {
			var l listOut[supervisionItemOut]
			if err := d.call(ctx, "GET", fmt.Sprintf("/api/v1/supervision?status=%s&limit=500&offset=%d", status, offset), sup,
				nil, &l, http.StatusOK); err != nil {
				return err
			}
			for _, it := range l.Items {
				d.maxItem.Store(max(d.maxItem.Load(), it.ID))
				p := d.poolItemOf(it)
				if p == nil {
					continue
				}
				n++
				switch {
				case p.stage == 0: // issued: to be signed
					d.offer(d.toAdvance, p)
				case n%3 == 0:
					d.progress = append(d.progress, p)
				case n%3 == 1:
					d.offer(d.toClose, p)
				default:
					d.offer(d.toAdvance, p)
				}
			}
			if len(l.Items) < 500 {
				break
			}
		}
	}
	var items listOut[supervisionItemOut]
	if err := d.call(ctx, "GET", "/api/v1/supervision?limit=1", sup, nil, &items, http.StatusOK); err != nil {
		return err
	}
	if len(items.Items) > 0 {
		d.maxItem.Store(max(d.maxItem.Load(), items.Items[0].ID))
	}
	fmt.Fprintf(log, "found %d documents, %d items; %d open items to act on (%d for add-progress, %d for close-item, %d for action)\n",
		d.maxDoc.Load(), d.maxItem.Load(), n, len(d.progress), len(d.toClose), len(d.toAdvance))
	return nil
}

// offer puts p in pool unless it is full.
func (d *driver) offer(pool chan *poolItem, p *poolItem) {
	select {
	case pool <- p:
	default:
	}
}

// poolItemOf returns an item the driver can act on, or nil: its lead unit's
// 联络员 and its reviewing leader must have tokens.
func (d *driver) poolItemOf(it supervisionItemOut) *poolItem {
	if it.AssigningLeaderID == nil || d.byID[*it.AssigningLeaderID] == nil {
		return nil
	}
	for _, a := range it.Assignments {
		if a.Role != "lead" || d.unitLia[a.UnitID] == nil {
			continue
		}
		p := &poolItem{id: it.ID, leadUnit: a.UnitID, leader: *it.AssigningLeaderID, stage: 1}
		switch {
		case it.Status == "issued" && a.SignedAt == nil:
			p.stage = 0
		case it.Status != "in_progress" || a.SignedAt == nil:
			return nil
		}
		return p
	}
	return nil
}

// prepItem creates a new item through the API as a 督查员 would — register,
// submit (a 批示 item is issued at once) and, when signed, the lead unit's
// 签收 — for the pools when they run dry. Its requests are recorded as
// (prep).
func (d *driver) prepItem(ctx context.Context, rng *rand.Rand, signed bool) (*poolItem, error) {
	t := time.Now()
	it, err := d.createItem(ctx, rng)
	if err == nil {
		err = d.act(ctx, it.id, pick(rng, d.supers).Token, "submit", "")
	}
	if err == nil && signed {
		err = d.act(ctx, it.id, d.unitLia[it.leadUnit].Token, "sign", "")
		it.stage = 1
	}
	if ctx.Err() != nil && err != nil {
		return it, err // cut off by the end of the run: not an error (as in run)
	}
	d.recs[opPrep].add(time.Since(t), err)
	return it, err
}

// createItem registers a 督办 item with a Chinese title and body and a lead
// unit, as a 督查员.
func (d *driver) createItem(ctx context.Context, rng *rand.Rand) (*poolItem, error) {
	tg := textGen{rng: rng}
	topic := tg.pick(topics)
	leader := pick(rng, d.leaders)
	unit := pick(rng, d.supUnits)
	body := map[string]any{
		"title":                 tg.pick(itemVerbs) + topic + tg.pick(itemTails),
		"source":                "instruction",
		"source_ref":            fmt.Sprintf("%s同志批示：%s", leader.Name, fmt.Sprintf(tg.pick(instructionTexts), "有关单位")),
		"content":               tg.body(topic, 3+rng.IntN(3)),
		"assigning_leader_id":   leader.ID,
		"responsible_leader_id": pick(rng, d.leaders).ID,
		"lead_unit_id":          unit,
		"due_workdays":          20,
	}
	var out supervisionItemOut
	if err := d.call(ctx, "POST", "/api/v1/supervision", pick(rng, d.supers).Token, body, &out, http.StatusCreated); err != nil {
		return nil, err
	}
	d.maxItem.Store(max(d.maxItem.Load(), out.ID))
	return &poolItem{id: out.ID, leadUnit: unit, leader: leader.ID}, nil
}

// act takes one 督办 action.
func (d *driver) act(ctx context.Context, id int64, token, action, reason string) error {
	body := map[string]any{"action": action, "reason": reason}
	return d.call(ctx, "POST", fmt.Sprintf("/api/v1/supervision/%d/actions", id), token, body, nil, http.StatusOK)
}

// take returns an item from pool, preparing a new one when it is empty.
func (d *driver) take(ctx context.Context, rng *rand.Rand, pool chan *poolItem, signed bool) (*poolItem, error) {
	select {
	case p := <-pool:
		return p, nil
	default:
	}
	d.note("the pools of open items ran dry; new items were created through the API (counted as (prep))")
	return d.prepItem(ctx, rng, signed)
}

// advanceSteps is an item's way from 交办 to 归档, one action at a time:
// who takes it and what it is.
var advanceSteps = []struct{ who, action, reason string }{
	{"liaison", "sign", ""},
	{"liaison", "request_completion", "已按要求办理完毕，现申请办结。"},
	{"supervisor", "accept", ""},
	{"leader", "leader_close", ""},
	{"supervisor", "evaluate_close", "按期办结，予以销号。"},
	{"supervisor", "archive", ""},
}

// step takes the next action on p as the person whose turn it is.
func (d *driver) step(ctx context.Context, rng *rand.Rand, p *poolItem) error {
	s := advanceSteps[p.stage]
	token := pick(rng, d.supers).Token
	switch s.who {
	case "liaison":
		token = d.unitLia[p.leadUnit].Token
	case "leader":
		token = d.byID[p.leader].Token
	}
	if err := d.act(ctx, p.id, token, s.action, s.reason); err != nil {
		return fmt.Errorf("%s: %w", s.action, err)
	}
	p.stage++
	return nil
}

// --- The operations. ---

// opLogin signs in through the sign-in form with the password, as a
// browser does. Each attempt comes from its own loopback address
// (127.x.y.z): the server slows sign-ins from one address down (30 in 5
// minutes), as it should, and a county's users sit at different machines.
func opLogin(ctx context.Context, d *driver, rng *rand.Rand) error {
	u := pick(rng, d.liaisons)
	form := url.Values{"username": {u.Username}, "password": {d.tf.Password}}
	req, err := http.NewRequestWithContext(ctx, "POST", d.base+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	hc := &http.Client{Timeout: time.Minute, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	if host, _, _ := net.SplitHostPort(strings.TrimPrefix(strings.TrimPrefix(d.base, "http://"), "https://")); net.ParseIP(host).To4() != nil {
		n := d.loginSeq.Add(1)
		local := &net.TCPAddr{IP: net.IPv4(127, byte(1+n>>16%250), byte(n>>8), byte(1+n%250))}
		dialer := &net.Dialer{LocalAddr: local, Timeout: 10 * time.Second}
		hc.Transport = &http.Transport{DialContext: dialer.DialContext, DisableKeepAlives: true}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || strings.HasPrefix(loc, "/login") || len(resp.Cookies()) == 0 {
		return &httpError{status: resp.StatusCode, body: "sign-in did not reach the application (Location " + loc + ")"}
	}
	return nil
}

// opWorklist is a user's 待办 list, first page.
func opWorklist(ctx context.Context, d *driver, rng *rand.Rand) error {
	return d.call(ctx, "GET", "/api/v1/work", pick(rng, d.all).Token, nil, nil, http.StatusOK)
}

// opOpen opens a 收文 (as a 文书) or a 督办 item (as a 督查员), with its
// timeline, at random among all.
func opOpen(ctx context.Context, d *driver, rng *rand.Rand) error {
	if rng.IntN(2) == 0 && d.maxDoc.Load() > 0 {
		id := 1 + rng.Int64N(d.maxDoc.Load())
		return d.call(ctx, "GET", fmt.Sprintf("/api/v1/incoming/%d", id), pick(rng, d.registrars).Token, nil, nil, http.StatusOK)
	}
	if d.maxItem.Load() == 0 {
		return errSkip
	}
	id := 1 + rng.Int64N(d.maxItem.Load())
	return d.call(ctx, "GET", fmt.Sprintf("/api/v1/supervision/%d", id), pick(rng, d.supers).Token, nil, nil, http.StatusOK)
}

// opRegister registers a 收文 (签收 and 登记) as a 文书.
func opRegister(ctx context.Context, d *driver, rng *rand.Rand) error {
	tg := textGen{rng: rng}
	topic := tg.pick(topics)
	title, _ := tg.title(topic)
	h := higherOrgans[rng.IntN(len(higherOrgans))]
	body := map[string]any{
		"sender_name":   h.full,
		"sender_number": fmt.Sprintf("%s〔%d〕%d号", h.code, time.Now().Year(), 1+rng.IntN(100000)),
		"title":         title,
		"handling":      []string{"read", "action"}[rng.IntN(2)],
		"channel":       "exchange",
		"urgency":       []int{0, 0, 0, 1, 2}[rng.IntN(5)],
		"summary":       tg.body(topic, 2+rng.IntN(3)),
	}
	var out struct {
		Document struct {
			ID int64 `json:"id"`
		} `json:"document"`
	}
	if err := d.call(ctx, "POST", "/api/v1/incoming", pick(rng, d.registrars).Token, body, &out, http.StatusCreated); err != nil {
		return err
	}
	d.maxDoc.Store(max(d.maxDoc.Load(), out.Document.ID))
	return nil
}

// opAction takes one 督办 workflow action (签收, 申请办结, 审核, 领导审阅,
// 销号, 归档) by the person whose turn it is, on an item from the pool.
func opAction(ctx context.Context, d *driver, rng *rand.Rand) error {
	p, err := d.take(ctx, rng, d.toAdvance, false)
	if err != nil {
		return errSkip
	}
	t := time.Now()
	err = d.step(ctx, rng, p)
	if err == nil && p.stage < len(advanceSteps) {
		d.offer(d.toAdvance, p)
	}
	if ctx.Err() != nil {
		return ctx.Err() // cut off by the end of the run
	}
	// The time of the prep, if any, is not this action's.
	d.recs["action"].add(time.Since(t), err)
	return errSkip
}

// opIncomingList is the 收文 register with a filter: a 文书's 承办中, or a
// 联络员's documents of their unit being handled.
func opIncomingList(ctx context.Context, d *driver, rng *rand.Rand) error {
	if rng.IntN(2) == 0 {
		return d.call(ctx, "GET", "/api/v1/incoming?status=in_progress", pick(rng, d.registrars).Token, nil, nil, http.StatusOK)
	}
	return d.call(ctx, "GET", "/api/v1/incoming?status=assigned,in_progress", pick(rng, d.liaisons).Token, nil, nil, http.StatusOK)
}

// opLedger is the 督办台账 with a filter: a 督查员's 办理中, or a leader's
// overdue items.
func opLedger(ctx context.Context, d *driver, rng *rand.Rand) error {
	if rng.IntN(2) == 0 {
		return d.call(ctx, "GET", "/api/v1/supervision?status=in_progress", pick(rng, d.supers).Token, nil, nil, http.StatusOK)
	}
	return d.call(ctx, "GET", "/api/v1/supervision?overdue=true", pick(rng, d.leaders).Token, nil, nil, http.StatusOK)
}

// opStats is the 督办统计 of one of the last eight quarters.
func opStats(ctx context.Context, d *driver, rng *rand.Rand) error {
	now := time.Now()
	q := (int(now.Month())-1)/3 - rng.IntN(8)
	year := now.Year()
	for q < 0 {
		q += 4
		year--
	}
	path := fmt.Sprintf("/api/v1/supervision/stats?period=quarter&year=%d&n=%d", year, q+1)
	return d.call(ctx, "GET", path, pick(rng, d.supers).Token, nil, nil, http.StatusOK)
}

// opCreateItem registers a 督办 item with a Chinese title and body and an
// assignee unit (POST /api/v1/supervision).
func opCreateItem(ctx context.Context, d *driver, rng *rand.Rand) error {
	_, err := d.createItem(ctx, rng)
	return err
}

// opListAssignedOpen is the open items assigned to one 联络员's unit, first
// page of 50, scoped by their token.
func opListAssignedOpen(ctx context.Context, d *driver, rng *rand.Rand) error {
	return d.call(ctx, "GET", "/api/v1/supervision?status=in_progress&limit=50", pick(rng, d.liaisons).Token, nil, nil, http.StatusOK)
}

// opAddProgress is a 阶段反馈 by the lead unit's 联络员 on an item in
// progress.
func opAddProgress(ctx context.Context, d *driver, rng *rand.Rand) error {
	d.progressMu.Lock()
	empty := len(d.progress) == 0
	d.progressMu.Unlock()
	if empty {
		d.note("no items in progress were found for add-progress; new ones were created through the API (counted as (prep))")
		p, err := d.prepItem(ctx, rng, true)
		if err != nil {
			return errSkip
		}
		d.progressMu.Lock()
		d.progress = append(d.progress, p)
		d.progressMu.Unlock()
	}
	d.progressMu.Lock()
	p := pick(rng, d.progress)
	d.progressMu.Unlock()
	return d.act(ctx, p.id, d.unitLia[p.leadUnit].Token, "report", pick(rng, progressTexts))
}

// opCloseItem completes and closes an item in progress: 申请办结 (lead
// unit), 审核通过 (督查员), 审阅办结 (leader), 评价销号 (督查员) — four
// actions by three people; the latency is the whole chain's.
func opCloseItem(ctx context.Context, d *driver, rng *rand.Rand) error {
	p, err := d.take(ctx, rng, d.toClose, true)
	if err != nil {
		return errSkip
	}
	t := time.Now()
	for p.stage < 5 && err == nil {
		err = d.step(ctx, rng, p)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	d.recs["close-item"].add(time.Since(t), err)
	return errSkip
}

// opSearch searches everything the user may see for 督办.
func opSearch(ctx context.Context, d *driver, rng *rand.Rand) error {
	u := pick(rng, d.all)
	err := d.call(ctx, "GET", "/api/v1/search?q="+url.QueryEscape("督办"), u.Token, nil, nil, http.StatusOK)
	var he *httpError
	if errors.As(err, &he) && he.status == http.StatusNotFound {
		d.note("GET /api/v1/search answered 404: the search API is not on this server yet")
	}
	return err
}
