package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/search"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// The bulk paths of the county generator (`zhongshu bench gen`, package
// bench): many rows per statement, for generated data only. Like
// BulkInsertIncoming they check nothing the app would and write no audit
// entries, 待办 or notices; the generator adds those through the app.

// BulkLoad prepares the SQLite writer for loading millions of rows: the
// statement journals stay in memory and the page cache grows to 256 MiB, so
// that multi-row INSERTs in large transactions neither journal every page
// to a temporary file nor spill dirty pages to the WAL more than once; and
// commits are not synced (synchronous=OFF): a load cut short by a power
// failure is simply run again. The returned function restores the
// settings. On PostgreSQL it does nothing.
func (db *DB) BulkLoad(ctx context.Context) (restore func(), err error) {
	if db.dialect.name() != "sqlite" {
		return func() {}, nil
	}
	var sync int
	if err := db.write.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&sync); err != nil {
		return nil, fmt.Errorf("store.BulkLoad: %w", err)
	}
	if _, err := db.write.ExecContext(ctx, `PRAGMA temp_store = MEMORY; PRAGMA cache_size = -262144;
		PRAGMA synchronous = OFF`); err != nil {
		return nil, fmt.Errorf("store.BulkLoad: %w", err)
	}
	return func() {
		_, _ = db.write.ExecContext(context.Background(), fmt.Sprintf(`PRAGMA temp_store = DEFAULT; PRAGMA cache_size = -2000;
			PRAGMA synchronous = %d`, sync))
	}, nil
}

// Checkpoint folds the SQLite write-ahead log into the database file and
// truncates it, so that the size on disk is the database's own after a
// load, after gathering the planner's statistics as Optimize does. On
// PostgreSQL it runs ANALYZE, so that the planner knows the new tables'
// sizes.
func (db *DB) Checkpoint(ctx context.Context) error {
	q := `PRAGMA wal_checkpoint(TRUNCATE)`
	if db.dialect.name() == "postgres" {
		q = `ANALYZE`
	} else if err := db.Optimize(ctx); err != nil { // what a served database gets (optimize.go)
		return fmt.Errorf("store.Checkpoint: %w", err)
	}
	if _, err := db.write.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("store.Checkpoint: %w", err)
	}
	return nil
}

// BulkCreateUsers inserts active accounts with their posts and roles, all
// with the one passwordHash, which need not be changed at sign-in. It sets
// their IDs and timestamps.
func (tx *Tx) BulkCreateUsers(ctx context.Context, users []*zhongshu.User, passwordHash string) error {
	for start := 0; start < len(users); start += bulkRows {
		chunk := users[start:min(start+bulkRows, len(users))]
		args := make([]any, 0, len(chunk)*11)
		byName := make(map[string]*zhongshu.User, len(chunk))
		for _, u := range chunk {
			u.CreatedAt, u.UpdatedAt = tx.now, tx.now
			byName[u.Username] = u
			args = append(args, u.Username, u.Name, u.Phone, u.Email, zhongshu.UserActive, passwordHash, false, tx.now,
				false, tx.now, tx.now)
		}
		q := `INSERT INTO users (username, name, phone, email, status, password_hash, must_change_password,
			password_changed_at, is_demo, created_at, updated_at) VALUES ` + valuesList(len(chunk), 11) + ` RETURNING id, username`
		err := tx.each(ctx, q, args, func(rows *sql.Rows) error {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				return err
			}
			if u := byName[name]; u != nil {
				u.ID = id
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("store.BulkCreateUsers: %w", tx.dialect.mapError(err))
		}
	}
	var posts, roles []any
	for _, u := range users {
		if u.ID == 0 {
			return fmt.Errorf("store.BulkCreateUsers: no id came back for %q", u.Username)
		}
		for _, p := range u.Posts {
			posts = append(posts, u.ID, p.UnitID, p.Title, p.Primary)
		}
		for _, r := range u.Roles {
			roles = append(roles, u.ID, r)
		}
	}
	if err := tx.bulkExec(ctx, `INSERT INTO posts (user_id, unit_id, title, is_primary)`, 4, posts); err != nil {
		return fmt.Errorf("store.BulkCreateUsers: %w", err)
	}
	if err := tx.bulkExec(ctx, `INSERT INTO user_roles (user_id, role)`, 2, roles); err != nil {
		return fmt.Errorf("store.BulkCreateUsers: %w", err)
	}
	return nil
}

// BulkSupervisionItem is a generated 督办 item with its place in the
// year's 督办编号 sequence.
type BulkSupervisionItem struct {
	*zhongshu.SupervisionItem
	Year, Seq int
	UpdatedAt time.Time
}

// BulkInsertSupervision inserts generated items with their assignments and
// milestones and sets their IDs. Each carries its status and dates as they
// should be stored, and its number (Year, Seq, Number), unique; the
// sequence of each year is raised to its largest Seq so that items created
// afterwards continue it. CreatedAt must be set.
func (tx *Tx) BulkInsertSupervision(ctx context.Context, items []BulkSupervisionItem) error {
	maxSeq := map[int]int{}
	for _, it := range items {
		if it.Year == 0 || it.Seq <= 0 || it.Number == "" || it.CreatedAt.IsZero() {
			return fmt.Errorf("store.BulkInsertSupervision(%q): an item needs its year, seq, number and creation time", it.Title)
		}
		maxSeq[it.Year] = max(maxSeq[it.Year], it.Seq)
	}
	const cols = 23
	for start := 0; start < len(items); start += bulkRows {
		chunk := items[start:min(start+bulkRows, len(items))]
		args := make([]any, 0, len(chunk)*cols)
		for _, it := range chunk {
			updated := it.UpdatedAt
			if updated.IsZero() {
				updated = it.CreatedAt
			}
			args = append(args, it.Year, it.Seq, it.Number, it.Title, it.Source, it.SourceRef, it.Content,
				nullID(it.AssigningLeaderID), nullID(it.ResponsibleLeaderID), it.SupervisorID, it.Status,
				it.StatusBeforeSuspend, it.FeedbackCycle, nullTime(it.DueAt), nullTime(it.OriginalDueAt),
				nullTime(it.RequestedDueAt), it.Returns, it.Extensions, dbTime(it.CreatedAt), dbTime(updated),
				nullTime(it.IssuedAt), nullTime(it.CompletedAt), nullTime(it.ClosedAt))
		}
		q := `INSERT INTO supervision_items (year, seq, number, title, source, source_ref, content,
			assigning_leader_id, responsible_leader_id, supervisor_id, status, status_before_suspend, feedback_cycle,
			due_at, original_due_at, requested_due_at, returns, extensions, created_at, updated_at, issued_at,
			completed_at, closed_at) VALUES ` + valuesList(len(chunk), cols) + ` RETURNING id, year, seq`
		type key struct{ year, seq int }
		byKey := make(map[key]*zhongshu.SupervisionItem, len(chunk))
		for _, it := range chunk {
			byKey[key{it.Year, it.Seq}] = it.SupervisionItem
		}
		err := tx.each(ctx, q, args, func(rows *sql.Rows) error {
			var id int64
			var k key
			if err := rows.Scan(&id, &k.year, &k.seq); err != nil {
				return err
			}
			if it := byKey[k]; it != nil {
				it.ID = id
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("store.BulkInsertSupervision: %w", tx.dialect.mapError(err))
		}
	}
	var assignments, milestones []any
	for _, it := range items {
		if it.ID == 0 {
			return fmt.Errorf("store.BulkInsertSupervision: no id came back for %s", it.Number)
		}
		for i, a := range it.Assignments {
			assignments = append(assignments, it.ID, a.UnitID, i, a.Role, nullID(a.PersonID), nullTime(a.SignedAt),
				nullTime(a.ObjectedAt), nullTime(a.CoInputAt), nullTime(a.CoInputDue))
		}
		for i, m := range it.Milestones {
			milestones = append(milestones, it.ID, i, m.Name, dbTime(m.DueAt), nullTime(m.DoneAt))
		}
	}
	if err := tx.bulkExec(ctx, `INSERT INTO supervision_assignments (item_id, unit_id, position, role, person_id,
		signed_at, objected_at, co_input_at, co_input_due)`, 9, assignments); err != nil {
		return fmt.Errorf("store.BulkInsertSupervision: %w", err)
	}
	if err := tx.bulkExec(ctx, `INSERT INTO supervision_milestones (item_id, position, name, due_at, done_at)`, 5,
		milestones); err != nil {
		return fmt.Errorf("store.BulkInsertSupervision: %w", err)
	}
	years := make([]int, 0, len(maxSeq))
	for y := range maxSeq {
		years = append(years, y)
	}
	slices.Sort(years)
	for _, y := range years {
		if _, err := tx.exec(ctx, `INSERT INTO supervision_numbers (year, last) VALUES (?, ?) ON CONFLICT (year)
			DO UPDATE SET last = CASE WHEN excluded.last > supervision_numbers.last THEN excluded.last ELSE supervision_numbers.last END`,
			y, maxSeq[y]); err != nil {
			return fmt.Errorf("store.BulkInsertSupervision: numbers of %d: %w", y, err)
		}
	}
	return nil
}

// BulkInsertIncomingEvents appends timeline entries with the times they
// carry.
func (tx *Tx) BulkInsertIncomingEvents(ctx context.Context, es []*IncomingEvent) error {
	args := make([]any, 0, len(es)*8)
	for _, e := range es {
		args = append(args, e.DocID, dbTime(e.At), e.ActorID, e.ActorName, e.Action, e.FromStatus, e.ToStatus, e.Text)
	}
	if err := tx.bulkExec(ctx, `INSERT INTO incoming_events (doc_id, at, actor_id, actor_name, action, from_status,
		to_status, text)`, 8, args); err != nil {
		return fmt.Errorf("store.BulkInsertIncomingEvents: %w", err)
	}
	return nil
}

// BulkInsertSupervisionEvents appends timeline entries with the times they
// carry.
func (tx *Tx) BulkInsertSupervisionEvents(ctx context.Context, es []*SupervisionEvent) error {
	args := make([]any, 0, len(es)*8)
	for _, e := range es {
		args = append(args, e.ItemID, dbTime(e.At), e.ActorID, e.ActorName, e.Action, e.FromStatus, e.ToStatus, e.Text)
	}
	if err := tx.bulkExec(ctx, `INSERT INTO supervision_events (item_id, at, actor_id, actor_name, action, from_status,
		to_status, text)`, 8, args); err != nil {
		return fmt.Errorf("store.BulkInsertSupervisionEvents: %w", err)
	}
	return nil
}

// BulkIndexSearchDocs puts documents that are not in the index yet into
// it, as IndexSearchDoc does one by one (the same analysis, numbers and
// access keys), many rows per statement, and sets their IDs.
func (tx *Tx) BulkIndexSearchDocs(ctx context.Context, docs []*SearchDoc) error {
	pg := tx.dialect.name() == "postgres"
	type analysed struct{ numbers, norm, titleBi, titleUni, bodyBi, bodyUni string }
	an := make([]analysed, len(docs))
	for i, d := range docs {
		if r := []rune(d.Body); len(r) > MaxSearchBody {
			d.Body = string(r[:MaxSearchBody])
		}
		numbers := strings.Join(d.Numbers, " ")
		title := search.Analyze(d.Title + " " + numbers)
		body := search.Analyze(d.Body)
		an[i] = analysed{numbers, search.Normalize(d.Title + "\n" + numbers + "\n" + d.Body), title.Bigrams,
			title.Unigrams, body.Bigrams, body.Unigrams}
	}
	row := "(" + placeholders(12) + ")"
	cols := 12
	if pg {
		row = "(" + placeholders(12) + `, setweight(to_tsvector('simple', ?), 'A') || to_tsvector('simple', ?),
			setweight(to_tsvector('simple', ?), 'A') || to_tsvector('simple', ?),
			to_tsvector('simple', ?), to_tsvector('simple', ?))`
		cols = 18
	}
	const per = 100 // rows per statement: the bodies make long statements
	for start := 0; start < len(docs); start += per {
		end := min(start+per, len(docs))
		args := make([]any, 0, (end-start)*cols)
		rows := make([]string, 0, end-start)
		type key struct {
			module string
			ref    int64
		}
		byKey := map[key]*SearchDoc{}
		for i := start; i < end; i++ {
			d, a := docs[i], an[i]
			byKey[key{d.Module, d.RefID}] = d
			rows = append(rows, row)
			args = append(args, d.Module, d.RefID, d.Title, a.numbers, d.Body, a.norm, d.Kind, d.Party, d.Status, d.Urgency,
				dbTime(d.At), d.URL)
			if pg {
				args = append(args, a.titleBi, a.bodyBi, a.titleUni, a.bodyUni, a.titleBi, a.titleUni)
			}
		}
		head := `INSERT INTO search_docs (module, ref_id, title, numbers, body, norm, kind, party, status, urgency, at, url`
		if pg {
			head += `, bi, uni, tbi, tuni`
		}
		err := tx.each(ctx, head+`) VALUES `+strings.Join(rows, ", ")+` RETURNING id, module, ref_id`, args,
			func(r *sql.Rows) error {
				var id int64
				var k key
				if err := r.Scan(&id, &k.module, &k.ref); err != nil {
					return err
				}
				if d := byKey[k]; d != nil {
					d.ID = id
				}
				return nil
			})
		if err != nil {
			return fmt.Errorf("store.BulkIndexSearchDocs: %w", tx.dialect.mapError(err))
		}
	}
	var fts, titles, numbers, access []any
	for i, d := range docs {
		if d.ID == 0 {
			return fmt.Errorf("store.BulkIndexSearchDocs: no id came back for %s %d", d.Module, d.RefID)
		}
		if !pg {
			fts = append(fts, d.ID, an[i].titleBi, an[i].titleUni, an[i].bodyBi, an[i].bodyUni)
			titles = append(titles, d.ID, an[i].titleBi, an[i].titleUni)
		}
		seen := map[string]bool{}
		for _, n := range d.Numbers {
			if key := search.NumberKey(n); key != "" && !seen[key] {
				seen[key] = true
				numbers = append(numbers, key, d.ID)
			}
		}
		clear(seen)
		for _, k := range d.Access {
			if !seen[k] {
				seen[k] = true
				access = append(access, d.ID, k)
			}
		}
	}
	if len(fts) > 0 {
		// FTS5 tables take no ON CONFLICT clause: insert them plainly, as
		// few statements as the bound-variable limit allows. FTS5 flushes
		// its pending terms to a new segment at the end of every statement,
		// so fewer statements make fewer, larger segments to merge.
		const per = bulkParams / 5
		for start := 0; start < len(fts); start += per * 5 {
			chunk := fts[start:min(start+per*5, len(fts))]
			if _, err := tx.exec(ctx, `INSERT INTO search_fts (rowid, title_bi, title_uni, bi, uni) VALUES `+
				valuesList(len(chunk)/5, 5), chunk...); err != nil {
				return fmt.Errorf("store.BulkIndexSearchDocs: fts: %w", err)
			}
		}
		const perTitle = bulkParams / 3
		for start := 0; start < len(titles); start += perTitle * 3 {
			chunk := titles[start:min(start+perTitle*3, len(titles))]
			if _, err := tx.exec(ctx, `INSERT INTO search_title_fts (rowid, bi, uni) VALUES `+
				valuesList(len(chunk)/3, 3), chunk...); err != nil {
				return fmt.Errorf("store.BulkIndexSearchDocs: title fts: %w", err)
			}
		}
	}
	if err := tx.bulkExec(ctx, `INSERT INTO search_numbers (key, doc_id)`, 2, numbers); err != nil {
		return fmt.Errorf("store.BulkIndexSearchDocs: %w", err)
	}
	if err := tx.bulkExec(ctx, `INSERT INTO search_access (doc_id, key)`, 2, access); err != nil {
		return fmt.Errorf("store.BulkIndexSearchDocs: %w", err)
	}
	return nil
}
