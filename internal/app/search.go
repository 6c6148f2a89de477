package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zhongshu-oa/zhongshu/internal/search"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// searchSource is one module in the search: its name, its table (for a
// rebuild) and how it describes one of its objects for the index. This
// list is the one registration point: a new module adds a line here and
// calls a.reindex in the transactions that change its objects.
type searchSource struct {
	module string
	label  string
	table  string
	doc    func(ctx context.Context, tx *store.Tx, id int64) (*store.SearchDoc, error)
}

func (a *App) searchSources() []searchSource {
	return []searchSource{
		{IncomingModule, "收文", "incoming_docs", a.incomingSearchDoc},
		{SupervisionModule, "督办", "supervision_items", a.supervisionSearchDoc},
		{OutgoingModule, "发文", "outgoing_docs", a.outgoingSearchDoc},
	}
}

// SearchModules lists the modules searched, as (code, label) pairs.
func (a *App) SearchModules() [][2]string {
	var out [][2]string
	for _, s := range a.searchSources() {
		out = append(out, [2]string{s.module, s.label})
	}
	return out
}

// reindex brings the index entry of one object in step with the
// transaction that changed it: the entry is described now and written when
// the transaction commits (store.Tx.QueueSearchDoc).
func (a *App) reindex(ctx context.Context, tx *store.Tx, module string, id int64) error {
	for _, s := range a.searchSources() {
		if s.module != module {
			continue
		}
		d, err := s.doc(ctx, tx, id)
		if err != nil {
			return fmt.Errorf("reindex %s %d: %w", module, id, err)
		}
		tx.QueueSearchDoc(d)
		return nil
	}
	return fmt.Errorf("reindex: unknown module %q", module)
}

// reindexSupervision is reindex for an item the transaction holds as it
// saved it, without reading it again.
func (a *App) reindexSupervision(ctx context.Context, tx *store.Tx, it *zhongshu.SupervisionItem) error {
	d, err := supervisionDocOf(ctx, tx, it)
	if err != nil {
		return fmt.Errorf("reindex %s %d: %w", SupervisionModule, it.ID, err)
	}
	tx.QueueSearchDoc(d)
	return nil
}

// roleKeys are the access keys of everyone holding one of roles.
func roleKeys(roles ...zhongshu.Role) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = "r:" + string(r)
	}
	return out
}

func personKeys(ids ...int64) []string {
	var out []string
	for _, id := range ids {
		if id != 0 {
			out = append(out, "p:"+strconv.FormatInt(id, 10))
		}
	}
	return out
}

func unitKeys(ids ...int64) []string {
	var out []string
	for _, id := range ids {
		if id != 0 {
			out = append(out, "u:"+strconv.FormatInt(id, 10))
		}
	}
	return out
}

// accessKeys are the keys an actor sees documents by: themselves and those
// whose work they hold, their units and their roles.
func accessKeys(actor *zhongshu.Actor) []string {
	keys := append(personKeys(actor.OwnerIDs()...), unitKeys(actorUnits(actor)...)...)
	return append(keys, roleKeys(actor.User.Roles...)...)
}

// incomingSearchDoc describes a 收文 for the index: title, numbers, the
// 登记 summary, 拟办意见, 批示, results and attachment names; visible to the
// 文电科, the office leadership, everyone it was routed to and, once it has
// a 批示, the 督查室 (the rule of canSeeIncoming).
func (a *App) incomingSearchDoc(ctx context.Context, tx *store.Tx, id int64) (*store.SearchDoc, error) {
	d, err := tx.FindIncomingByID(ctx, id)
	if err != nil {
		return nil, err
	}
	people, units, err := tx.IncomingParties(ctx, id)
	if err != nil {
		return nil, err
	}
	atts, err := tx.FindAttachments(ctx, IncomingModule, id)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, at := range atts {
		names = append(names, at.Name)
	}
	texts, err := tx.AttachmentTexts(ctx, IncomingModule, id)
	if err != nil {
		return nil, err
	}
	return IncomingSearchDoc(d, people, units, names, texts), nil
}

// IncomingSearchDoc is the index entry of 收文 d, which reached people and
// units, with its attachments' names and extracted texts. The benchmark
// generator writes its entries with it too, so that they are what the app
// would write.
func IncomingSearchDoc(d *zhongshu.IncomingDoc, people, units []int64, attachments, texts []string) *store.SearchDoc {
	var body []string
	body = append(body, d.Summary, d.Proposal)
	for _, in := range d.Instructions {
		body = append(body, in.Text)
	}
	for _, r := range d.Readers {
		body = append(body, r.Text)
	}
	body = append(body, d.Result, d.ReplyNumber)
	body = append(body, attachments...)
	body = append(body, texts...)
	body = append(body, d.SenderName)
	keys := append(roleKeys(zhongshu.RoleRegistrar, zhongshu.RoleOfficeDirector, zhongshu.RoleOfficeDeputy),
		personKeys(people...)...)
	if instructed(d) {
		keys = append(keys, roleKeys(zhongshu.RoleSupervisor)...)
	}
	return &store.SearchDoc{Module: IncomingModule, RefID: d.ID, Title: d.Title, Numbers: nonEmpty(d.Number, d.SenderNumber),
		Body: joinText(body), Kind: d.Kind.Label(), Party: d.SenderName, Status: d.Status.Label(), Urgency: int(d.Urgency),
		At: d.ReceivedAt, URL: IncomingURL(d.ID), Access: append(keys, unitKeys(units...)...)}
}

// supervisionSearchDoc describes a 督办 item for the index
// (SupervisionSearchDoc).
func (a *App) supervisionSearchDoc(ctx context.Context, tx *store.Tx, id int64) (*store.SearchDoc, error) {
	it, err := tx.FindSupervisionItemByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return supervisionDocOf(ctx, tx, it)
}

// supervisionDocOf is supervisionSearchDoc of an item already read.
func supervisionDocOf(ctx context.Context, tx *store.Tx, it *zhongshu.SupervisionItem) (*store.SearchDoc, error) {
	return SupervisionSearchDoc(it, func(id int64) (*zhongshu.Unit, error) { return tx.FindUnitByID(ctx, id) })
}

// SupervisionSearchDoc is the index entry of 督办 item it, whose units unit
// gives: visible to the 督查室, the office leadership and whoever sees the
// whole ledger, the leaders concerned, and its units and named people (the
// rule of canSeeSupervision); found by its units' names too. The benchmark
// generator writes its entries with it as well.
func SupervisionSearchDoc(it *zhongshu.SupervisionItem, unit func(id int64) (*zhongshu.Unit, error)) (*store.SearchDoc, error) {
	var seeAll []zhongshu.Role
	for _, r := range zhongshu.AllRoles() {
		if r == zhongshu.RoleSupervisor || r == zhongshu.RoleOfficeDirector || r == zhongshu.RoleOfficeDeputy ||
			slices.Contains(zhongshu.RolePermissions(r), zhongshu.PermLedgerAll) {
			seeAll = append(seeAll, r)
		}
	}
	keys := append(roleKeys(seeAll...), personKeys(it.AssigningLeaderID, it.ResponsibleLeaderID, it.SupervisorID)...)
	party := ""
	var units []string
	for _, as := range it.Assignments {
		keys = append(keys, unitKeys(as.UnitID)...)
		keys = append(keys, personKeys(as.PersonID)...)
		u, err := unit(as.UnitID)
		if err != nil {
			return nil, err
		}
		units = append(units, u.FullName, u.ShortName)
		if as.Role == zhongshu.AssignmentLead {
			party = u.Name()
		}
	}
	at := it.IssuedAt
	if at.IsZero() {
		at = it.CreatedAt
	}
	return &store.SearchDoc{Module: SupervisionModule, RefID: it.ID, Title: it.Title, Numbers: nonEmpty(it.Number),
		Body: joinText(append([]string{it.SourceRef, it.Content}, units...)), Kind: it.Source.Label(), Party: party,
		Status: it.Status.Label(), At: at, URL: SupervisionURL(it.ID), Access: keys}, nil
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func joinText(parts []string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n")
}

// SearchSample is how many hits a search collects at least, for its count
// and facets: the ranked first SearchSample, or exactly all when there are
// fewer. Counting every match of a common term among a million documents
// cannot be done within DESIGN.md §5's 50 ms; the page says "200 条以上"
// and paging on collects further.
const SearchSample = 200

// SearchQuery is what a user asks the search for.
type SearchQuery struct {
	Text   string
	Filter store.SearchFilter
	Page   Page
}

// SearchResult is one page of results with the facets of everything found.
type SearchResult struct {
	Query  search.Query
	Hits   []SearchResultHit
	Total  int  // found (visible only), up to SearchSample or the page asked for
	More   bool // there are more than Total: narrow the search, or page on
	Facets map[string][]Facet
}

// SearchResultHit is a hit with its snippet, cut into plain and highlighted
// pieces for the page to escape and mark.
type SearchResultHit struct {
	store.SearchHit
	ModuleLabel string
	Snippet     []Piece
	TitleMarked []Piece
}

// Piece is a stretch of text, highlighted or not.
type Piece struct {
	Text string
	Mark bool
}

// Facet is one value of a facet with how many hits have it.
type Facet struct {
	Value, Label string
	Count        int
}

// Search finds what the actor may see (DOMAIN.md §2.8: the access keys of
// every module's rule) matching q, ranked number, title, elsewhere, each
// newest first, with facets by module, 文种/来源, status and party over
// the hits. Nothing the actor may not see is read past the access check,
// so no count or facet reveals it.
func (a *App) Search(ctx context.Context, actor *zhongshu.Actor, q SearchQuery) (*SearchResult, error) {
	if !actor.Can(zhongshu.PermDelegateOwn) {
		return nil, zhongshu.Errorf(zhongshu.CodeForbidden, "管理员账号不检索公文。")
	}
	if utf8.RuneCountInString(q.Text) > search.MaxQuery {
		return nil, &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "检索词过长，请精简。",
			Fields: map[string]string{"q": fmt.Sprintf("不超过%d个字", search.MaxQuery)}}
	}
	res := &SearchResult{Query: search.Parse(q.Text), Facets: map[string][]Facet{}}
	if res.Query.Empty() {
		return res, nil
	}
	var hits []store.SearchHit
	var bodies map[int64]string
	page := q.Page.Normalize()
	// The hits for the page, and at least SearchSample for the count and
	// the facets; one more tells whether there are more.
	want := min(max(SearchSample, page.Offset+page.Limit), store.MaxSearchHits-1)
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		hits, err = tx.Search(ctx, store.SearchRequest{Query: res.Query, Filter: q.Filter, Keys: accessKeys(actor),
			Max: want + 1})
		if err != nil {
			return err
		}
		var ids []int64
		for i := page.Offset; i < len(hits) && i < page.Offset+page.Limit; i++ {
			ids = append(ids, hits[i].ID)
		}
		bodies, err = tx.SearchBodies(ctx, ids)
		return err
	})
	if err != nil {
		return nil, err
	}
	if res.More = len(hits) > want; res.More {
		hits = hits[:want]
	}
	res.Total = len(hits)
	labels := map[string]string{}
	for _, s := range a.searchSources() {
		labels[s.module] = s.label
	}
	count := func(facet, value, label string) {
		for i, f := range res.Facets[facet] {
			if f.Value == value {
				res.Facets[facet][i].Count++
				return
			}
		}
		res.Facets[facet] = append(res.Facets[facet], Facet{Value: value, Label: label, Count: 1})
	}
	for _, h := range hits {
		count("module", h.Module, labels[h.Module])
		if h.Kind != "" {
			count("kind", h.Kind, h.Kind)
		}
		if h.Status != "" {
			count("status", h.Status, h.Status)
		}
		if h.Party != "" {
			count("party", h.Party, h.Party)
		}
	}
	for k := range res.Facets {
		slices.SortStableFunc(res.Facets[k], func(x, y Facet) int { return y.Count - x.Count })
		if len(res.Facets[k]) > 10 {
			res.Facets[k] = res.Facets[k][:10]
		}
	}
	var needles []string
	for _, t := range res.Query.Terms {
		needles = append(needles, t.Text)
	}
	for i := page.Offset; i < len(hits) && i < page.Offset+page.Limit; i++ {
		h := hits[i]
		res.Hits = append(res.Hits, SearchResultHit{SearchHit: h, ModuleLabel: labels[h.Module],
			TitleMarked: Highlight(h.Title, needles), Snippet: Snippet(bodies[h.ID], needles, 80)})
	}
	return res, nil
}

// Highlight cuts text into pieces, marking every occurrence of the needles
// (compared in search.Normalize form, so brackets and widths do not
// matter).
func Highlight(text string, needles []string) []Piece {
	rs := []rune(text)
	norm := []rune(search.Normalize(text))
	if len(norm) != len(rs) { // Normalize maps rune for rune; be safe
		return []Piece{{Text: text}}
	}
	mark := make([]bool, len(rs))
	for _, n := range needles {
		nr := []rune(n)
		if len(nr) == 0 {
			continue
		}
		for i := 0; i+len(nr) <= len(norm); i++ {
			if string(norm[i:i+len(nr)]) == n {
				for j := i; j < i+len(nr); j++ {
					mark[j] = true
				}
			}
		}
	}
	var out []Piece
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && mark[j] == mark[i] {
			j++
		}
		out = append(out, Piece{Text: string(rs[i:j]), Mark: mark[i]})
		i = j
	}
	return out
}

// Snippet is the stretch of body around the first occurrence of a needle,
// about width characters, highlighted; the start of the body when no needle
// occurs in it.
func Snippet(body string, needles []string, width int) []Piece {
	body = strings.Join(strings.Fields(body), " ")
	if body == "" {
		return nil
	}
	rs := []rune(body)
	norm := []rune(search.Normalize(body))
	start := 0
	if len(norm) == len(rs) {
		first := -1
		for _, n := range needles {
			if i := strings.Index(string(norm), n); i >= 0 {
				ri := utf8.RuneCountInString(string(norm)[:i])
				if first < 0 || ri < first {
					first = ri
				}
			}
		}
		if first > width/3 {
			start = first - width/3
		}
	}
	end := min(len(rs), start+width)
	text := string(rs[start:end])
	if start > 0 {
		text = "…" + text
	}
	if end < len(rs) {
		text += "…"
	}
	return Highlight(text, needles)
}

// ReindexAll rebuilds the search index from the records of every module,
// in batches, and returns how many documents it indexed. The modules'
// records go in together in the order they were created, so that the
// index's newest-first order (its ids) stays the documents' across
// modules: rebuilt module after module, every 督办 item would rank above
// every 收文.
func (a *App) ReindexAll(ctx context.Context) (int, error) {
	if err := a.db.Transact(ctx, func(tx *store.Tx) error { _, err := tx.ClearSearchIndex(ctx); return err }); err != nil {
		return 0, err
	}
	type cursor struct {
		src   searchSource
		queue []store.IDAt
		after int64
		done  bool
	}
	var cursors []*cursor
	for _, s := range a.searchSources() {
		cursors = append(cursors, &cursor{src: s})
	}
	n := 0
	for finished := false; !finished; {
		// A retried transaction starts again from where this one began.
		saved, savedN := make([]cursor, len(cursors)), n
		for i, c := range cursors {
			saved[i] = *c
		}
		err := a.db.Transact(ctx, func(tx *store.Tx) error {
			for i := range cursors {
				*cursors[i] = saved[i]
			}
			n = savedN
			for range 500 {
				var next *cursor
				for _, c := range cursors {
					if len(c.queue) == 0 && !c.done {
						ids, err := tx.IDsAfter(ctx, c.src.table, c.after, 500)
						if err != nil {
							return err
						}
						c.queue, c.done = ids, len(ids) == 0
						if len(ids) > 0 {
							c.after = ids[len(ids)-1].ID
						}
					}
					if len(c.queue) > 0 && (next == nil || c.queue[0].At.Before(next.queue[0].At)) {
						next = c
					}
				}
				if next == nil {
					finished = true
					return nil
				}
				if err := a.reindex(ctx, tx, next.src.module, next.queue[0].ID); err != nil {
					return err
				}
				next.queue = next.queue[1:]
				n++
			}
			return nil
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
