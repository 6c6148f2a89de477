package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/textdiff"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/outgoing"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// OutgoingVersionView is one saved text with its difference from the one
// before (痕迹保留): what was added and deleted, by whom and when.
type OutgoingVersionView struct {
	zhongshu.OutgoingVersion
	ByName   string
	Diff     []textdiff.Op // against the previous version; nil for the first
	Inserted int
	Deleted  int
}

// DeliveryView is one recipient unit and its 签收回执.
type DeliveryView struct {
	zhongshu.OutgoingDelivery
	UnitName   string
	SignerName string
}

// OutgoingDetail is a 发文 as one viewer sees it.
type OutgoingDetail struct {
	Doc         *zhongshu.OutgoingDoc
	Versions    []OutgoingVersionView // oldest first
	Events      []*store.DocEvent
	Attachments []*zhongshu.Attachment
	Deliveries  []DeliveryView
	Holders     []Holder
	Allowed     []outgoing.Action
	Findings    []zhongshu.Finding // the 行文规则 checks on the current text
	Units       map[int64]string   // names of the units the document mentions
	People      map[int64]string   // names of the people it mentions
	Series      []string           // the 机关代字 the 主办机关 may number from
}

// FindOutgoingDoc returns document id with its versions and their
// differences, timeline, attachments, deliveries, holders, the 行文规则
// findings and the actions the actor may take; not found when the actor
// may not see it.
func (a *App) FindOutgoingDoc(ctx context.Context, actor *zhongshu.Actor, id int64) (*OutgoingDetail, error) {
	var d OutgoingDetail
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		if d.Doc, err = a.outgoingForActor(ctx, tx, actor, id); err != nil {
			return err
		}
		versions, err := tx.FindOutgoingVersions(ctx, id)
		if err != nil {
			return err
		}
		if d.Events, err = tx.FindOutgoingEvents(ctx, id); err != nil {
			return err
		}
		if d.Attachments, err = tx.FindAttachments(ctx, OutgoingModule, id); err != nil {
			return err
		}
		dels, err := tx.FindOutgoingDeliveries(ctx, id)
		if err != nil {
			return err
		}
		open, err := tx.FindOpenWorkItems(ctx, OutgoingModule, OutgoingRefType, id)
		if err != nil {
			return err
		}
		for _, w := range open {
			d.Holders = append(d.Holders, Holder{PersonID: w.OwnerID, Kind: w.Kind, Step: w.Step, Since: w.CreatedAt,
				DueAt: w.DueAt, Level: w.Level, Held: w.Held})
		}
		if d.Findings, err = a.checkOutgoingRules(ctx, tx, d.Doc); err != nil {
			return err
		}
		names := newNamer(tx)
		for i, v := range versions {
			vv := OutgoingVersionView{OutgoingVersion: v}
			if vv.ByName, err = names.person(ctx, v.ByID); err != nil {
				return err
			}
			if i > 0 {
				vv.Diff = textdiff.Diff(versionText(versions[i-1]), versionText(v))
				vv.Inserted, vv.Deleted = textdiff.Stats(vv.Diff)
			}
			d.Versions = append(d.Versions, vv)
		}
		for _, del := range dels {
			dv := DeliveryView{OutgoingDelivery: del}
			if dv.UnitName, err = names.unit(ctx, del.UnitID); err != nil {
				return err
			}
			if dv.SignerName, err = names.person(ctx, del.SignedByID); err != nil {
				return err
			}
			d.Deliveries = append(d.Deliveries, dv)
		}
		doc := d.Doc
		for _, id := range append(outgoingPeople(doc), holderIDs(d.Holders)...) {
			if _, err := names.person(ctx, id); err != nil {
				return err
			}
		}
		unitIDs := outgoingUnits(doc)
		for _, is := range doc.Issuers {
			unitIDs = append(unitIDs, is.UnitID)
		}
		for _, id := range unitIDs {
			if _, err := names.unit(ctx, id); err != nil {
				return err
			}
		}
		if lead := doc.Lead(); lead != 0 {
			u, err := tx.FindUnitByID(ctx, lead)
			if err != nil {
				return err
			}
			d.Series = SeriesOptions(u, doc.Kind)
		}
		d.Units, d.People = names.units, names.people
		return nil
	})
	if err != nil {
		return nil, err
	}
	d.Allowed = outgoing.Allowed(*d.Doc, actor, actorUnits(actor), a.clock.Now())
	return &d, nil
}

func holderIDs(hs []Holder) []int64 {
	ids := make([]int64, len(hs))
	for i, h := range hs {
		ids[i] = h.PersonID
	}
	return ids
}

// versionText is the whole printed text of a version, the way the diff
// compares them.
func versionText(v zhongshu.OutgoingVersion) string {
	parts := []string{"标题：" + v.Title, "主送：" + v.MainTo, v.Body}
	if v.Notes != "" {
		parts = append(parts, v.Notes)
	}
	if v.CC != "" {
		parts = append(parts, "抄送："+v.CC)
	}
	return strings.Join(parts, "\n")
}

// namer looks up and remembers names of people and units.
type namer struct {
	tx     *store.Tx
	people map[int64]string
	units  map[int64]string
}

func newNamer(tx *store.Tx) *namer {
	return &namer{tx: tx, people: map[int64]string{}, units: map[int64]string{}}
}

func (n *namer) person(ctx context.Context, id int64) (string, error) {
	if id == 0 {
		return "", nil
	}
	if s, ok := n.people[id]; ok {
		return s, nil
	}
	u, err := n.tx.FindUserByID(ctx, id)
	if err != nil {
		return "", err
	}
	n.people[id] = u.Name
	return u.Name, nil
}

func (n *namer) unit(ctx context.Context, id int64) (string, error) {
	if id == 0 {
		return "", nil
	}
	if s, ok := n.units[id]; ok {
		return s, nil
	}
	u, err := n.tx.FindUnitByID(ctx, id)
	if err != nil {
		return "", err
	}
	n.units[id] = u.Name()
	return u.Name(), nil
}

// OutgoingList is one page of 发文.
type OutgoingList struct {
	Docs   []*zhongshu.OutgoingDoc
	Total  int
	More   bool
	Units  map[int64]string
	People map[int64]string
}

// FindOutgoingDocs lists the documents matching f that the actor may see
// (the scope is in the query, so pages and totals count only those).
func (a *App) FindOutgoingDocs(ctx context.Context, actor *zhongshu.Actor, f store.OutgoingFilter, page Page) (*OutgoingList, error) {
	if !actor.Can(zhongshu.PermDelegateOwn) {
		return nil, zhongshu.Errorf(zhongshu.CodeForbidden, "管理员账号不处理公文。")
	}
	page = page.Normalize()
	f.Offset, f.Limit, f.Scope = page.Offset, page.Limit, outgoingScope(actor)
	var l OutgoingList
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		if l.Docs, l.Total, err = tx.FindOutgoing(ctx, f); err != nil {
			return err
		}
		names := newNamer(tx)
		for _, d := range l.Docs {
			if _, err := names.person(ctx, d.DrafterID); err != nil {
				return err
			}
			for _, s := range d.Signatures {
				if _, err := names.person(ctx, s.LeaderID); err != nil {
					return err
				}
			}
			if _, err := names.unit(ctx, d.DraftUnit); err != nil {
				return err
			}
		}
		l.Units, l.People = names.units, names.people
		return nil
	})
	if err != nil {
		return nil, err
	}
	if l.Total > store.MaxIncomingCount {
		l.Total, l.More = store.MaxIncomingCount, true
	}
	return &l, nil
}

// MaxOutgoingExport caps one export of the 发文登记簿.
const MaxOutgoingExport = 10000

var outgoingExportColumns = []registerColumn{
	{"发文字号", 22}, {"标题", 48}, {"文种", 8}, {"发文机关", 22}, {"签发人", 14}, {"签发日期", 12},
	{"拟稿单位", 16}, {"拟稿人", 10}, {"主送", 30}, {"抄送", 30}, {"紧急程度", 8}, {"公开属性", 10},
	{"印制份数", 8}, {"核发日期", 12}, {"状态", 10}, {"归档号", 18},
}

// ExportOutgoing writes the 发文登记簿 of the documents matching f that the
// actor may see as .xlsx (DOMAIN.md §3.4.1 发文登记 fields), up to
// MaxOutgoingExport rows, and returns how many rows it wrote.
func (a *App) ExportOutgoing(ctx context.Context, actor *zhongshu.Actor, f store.OutgoingFilter, w io.Writer) (int, error) {
	var docs []*zhongshu.OutgoingDoc
	units, people := map[int64]string{}, map[int64]string{}
	for len(docs) < MaxOutgoingExport {
		l, err := a.FindOutgoingDocs(ctx, actor, f, Page{Offset: len(docs), Limit: zhongshu.MaxPageSize})
		if err != nil {
			return 0, err
		}
		docs = append(docs, l.Docs...)
		for k, v := range l.Units {
			units[k] = v
		}
		for k, v := range l.People {
			people[k] = v
		}
		if len(l.Docs) < zhongshu.MaxPageSize {
			break
		}
	}
	docs = docs[:min(len(docs), MaxOutgoingExport)]
	rows := make([][]any, len(docs))
	for i, d := range docs {
		var signers []string
		for _, s := range d.Signatures {
			n := people[s.LeaderID]
			if s.Proxy() {
				n += "（代）"
			}
			signers = append(signers, n)
		}
		issuer := ""
		if len(d.Issuers) > 0 {
			issuer = d.Issuers[0].Name
		}
		rows[i] = []any{d.Number, d.Title, d.Kind.Label(), issuer, strings.Join(signers, "、"), d.LastSignedAt(),
			units[d.DraftUnit], people[d.DrafterID], recipientLine(d.MainTo), recipientLine(d.CC), d.Urgency.Label(),
			d.Disclosure.Label(), d.Copies, d.DispatchedAt, d.Status.Label(), d.ArchiveNumber}
	}
	var buf bytes.Buffer
	if err := writeRegister(&buf, "发文登记簿", outgoingExportColumns, rows); err != nil {
		return 0, err
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return 0, fmt.Errorf("app: 发文 export: %w", err)
	}
	return len(docs), nil
}
