package bench

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/audit"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// genWork registers the open documents' and items' 待办 through the app
// (app.AddWork, which schedules the deadline checks), day by day with the
// clock set to the day the work arrived, so that each item's age is real.
func (g *generator) genWork(ctx context.Context) (int, error) {
	slices.SortStableFunc(g.work, func(a, b pendingWork) int { return a.at.Compare(b.at) })
	for start := 0; start < len(g.work); {
		dayEnd := start
		d := g.work[start].at.In(chinaTime).Format("2006-01-02")
		for dayEnd < len(g.work) && g.work[dayEnd].at.In(chinaTime).Format("2006-01-02") == d && dayEnd-start < 5000 {
			dayEnd++
		}
		batch := g.work[start:dayEnd]
		err := g.inDay(ctx, batch[len(batch)-1].at, func(tx *store.Tx) error {
			for _, p := range batch {
				if err := g.app.AddWork(ctx, tx, p.w); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return start, err
		}
		start = dayEnd
	}
	g.res.WorkItems = len(g.work)
	n := len(g.work)
	g.work = nil
	return n, nil
}

// audit keeps one change of a sampled document or item for the audit log.
func (g *generator) audit(at time.Time, actorID int64, action, objectType string, objectID int64, from, to, detail string) {
	u := g.person(actorID)
	e := zhongshu.AuditEntry{ActorID: actorID, Action: action, ObjectType: objectType, ObjectID: strconv.FormatInt(objectID, 10),
		FromState: from, ToState: to, Success: true, ClientIP: "10.12.0." + strconv.Itoa(1+int(actorID%250)), Detail: detail}
	if u != nil {
		e.ActorName, e.ActorUnit = u.Name, g.c.name[g.c.unitOf[actorID]]
	}
	g.audits = append(g.audits, pendingAudit{at: at, entry: e})
}

// genAudit writes the sampled changes to the audit log through
// audit.Append, oldest first, one transaction per day with the clock set
// to that day: every entry is chained to the one before, as the app chains
// them, and carries the day it happened.
func (g *generator) genAudit(ctx context.Context) (int, error) {
	slices.SortStableFunc(g.audits, func(a, b pendingAudit) int { return a.at.Compare(b.at) })
	t0 := time.Now()
	n := len(g.audits)
	for start := 0; start < n; {
		end := start
		d := g.audits[start].at.In(chinaTime).Format("2006-01-02")
		for end < n && g.audits[end].at.In(chinaTime).Format("2006-01-02") == d && end-start < 5000 {
			end++
		}
		batch := g.audits[start:end]
		err := g.inDay(ctx, batch[len(batch)-1].at, func(tx *store.Tx) error {
			for i := range batch {
				if err := audit.Append(ctx, tx, &batch[i].entry); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return start, err
		}
		if start/50000 != end/50000 {
			g.progress("审计", end, n, t0)
		}
		start = end
	}
	g.res.AuditEntries = n
	g.audits = nil
	return n, nil
}

// sweep runs the deadline sweep and the notice fan-out as the server's jobs
// would on its first minute: overdue open work gets its reminders, its
// 压/误 on the ledger and its notices.
func (g *generator) sweep(ctx context.Context) (int, error) {
	n, err := g.app.SweepDeadlines(ctx)
	if err != nil {
		return n, err
	}
	g.res.Swept = n
	for {
		m, err := g.app.FanOut(ctx)
		if err != nil {
			return n, err
		}
		if m == 0 {
			return n, nil
		}
	}
}

// TokenFile is what the load driver needs of a generated county: the
// password of every account and the API tokens of the people who act.
type TokenFile struct {
	Generated time.Time      `json:"generated"`
	Password  string         `json:"password"`
	Users     []TokenUser    `json:"users"`
	Units     []TokenUnit    `json:"units"`
	Scale     GenOptions     `json:"scale"`
	Counts    map[string]int `json:"counts"`
}

// TokenUser is one account with a token.
type TokenUser struct {
	ID       int64    `json:"id"`
	Username string   `json:"username"`
	Name     string   `json:"name"`
	Roles    []string `json:"roles"`
	UnitID   int64    `json:"unit_id"`
	Token    string   `json:"token"`
}

// TokenUnit is a unit with its 联络员.
type TokenUnit struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	LiaisonID int64  `json:"liaison_id"`
	Handles   bool   `json:"handles_supervision"`
}

// genTokens creates API tokens (app.CreateAPIToken: audited) for the
// leaders, the office leadership, the 文书, the 督查员 and every 联络员.
func (g *generator) genTokens(ctx context.Context) (int, error) {
	tf := &TokenFile{Generated: time.Now().UTC(), Password: g.res.Password, Scale: g.opts,
		Counts: map[string]int{"docs": g.opts.Docs, "items": g.opts.Items}}
	for _, u := range g.c.tokenHolders {
		nt, err := g.app.CreateAPIToken(ctx, zhongshu.NewActor(u, "127.0.0.1", nil), "基准测试", 365)
		if err != nil {
			return len(tf.Users), err
		}
		tu := TokenUser{ID: u.ID, Username: u.Username, Name: u.Name, UnitID: g.c.unitOf[u.ID], Token: nt.Token}
		for _, r := range u.Roles {
			tu.Roles = append(tu.Roles, string(r))
		}
		tf.Users = append(tf.Users, tu)
	}
	sup := map[int64]bool{}
	for _, id := range g.c.supervisionUnits {
		sup[id] = true
	}
	for _, id := range g.c.handling {
		tf.Units = append(tf.Units, TokenUnit{ID: id, Name: g.c.name[id], LiaisonID: g.c.liaison[id], Handles: sup[id]})
	}
	slices.SortFunc(tf.Units, func(a, b TokenUnit) int { return cmp.Compare(a.ID, b.ID) })
	g.res.Tokens = tf
	return len(tf.Users), nil
}

// WriteTokenFile writes tf to path, readable by its owner only: it holds
// working credentials.
func WriteTokenFile(path string, tf *TokenFile) error {
	b, err := json.MarshalIndent(tf, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600)
}

// ReadTokenFile reads a file written by WriteTokenFile.
func ReadTokenFile(path string) (*TokenFile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var tf TokenFile
	if err := json.Unmarshal(b, &tf); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(tf.Users) == 0 {
		return nil, fmt.Errorf("%s: no users with tokens", path)
	}
	return &tf, nil
}

func distinct(ids []int64) []int64 {
	var out []int64
	for _, id := range ids {
		if id != 0 && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
