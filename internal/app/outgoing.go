package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// The 发文's place in the 待办 lists, the ledger, the notices and search.
const (
	OutgoingModule  = "outgoing"
	OutgoingRefType = "doc"
)

// OutgoingURL is the page of document id.
func OutgoingURL(id int64) string { return fmt.Sprintf("/outgoing/%d", id) }

var errOutgoingNotFound = zhongshu.Errorf(zhongshu.CodeNotFound, "发文不存在，或您无权查看。")

// draftFields copies the fields a drafter (or a reviewer editing the text)
// may set from in onto d; the route's fields stay as they are.
func draftFields(d, in *zhongshu.OutgoingDoc) {
	d.Kind, d.Format, d.Direction, d.Issuers, d.Series = in.Kind, in.Format, in.Direction, in.Issuers, in.Series
	d.Title, d.MainTo, d.CC, d.Body, d.AttachmentNames = in.Title, in.MainTo, in.CC, in.Body, in.AttachmentNames
	d.Secrecy, d.Urgency, d.Disclosure, d.DisclosureReason = in.Secrecy, in.Urgency, in.Disclosure, in.DisclosureReason
	d.InternalMark, d.Note, d.Copies, d.PrintingUnit = in.InternalMark, in.Note, in.Copies, in.PrintingUnit
	d.NeedsMeeting, d.UpperAgreed, d.Sealed, d.ReplyToIncoming = in.NeedsMeeting, in.UpperAgreed, in.Sealed, in.ReplyToIncoming
}

// CreateOutgoing saves a new draft by actor: version 1, the drafter's unit
// as 拟稿单位. Any 密级 other than 非密 is refused (and the refusal audited)
// and nothing is saved. The warnings are the corrections Validate made and
// the 行文规则 findings that do not block.
func (a *App) CreateOutgoing(ctx context.Context, actor *zhongshu.Actor, in *zhongshu.OutgoingDoc) (*zhongshu.OutgoingDoc, []string, error) {
	if err := mayDraft(actor); err != nil {
		return nil, nil, a.deny(ctx, actor, "outgoing.create", err)
	}
	d := &zhongshu.OutgoingDoc{}
	draftFields(d, in)
	warnings, err := d.Validate()
	if err != nil {
		if zhongshu.ErrorFields(err)["secrecy"] != "" {
			return nil, nil, a.deny(ctx, actor, "outgoing.create", err)
		}
		return nil, nil, err
	}
	ready := *d
	var findings []string
	err = a.db.Transact(ctx, func(tx *store.Tx) error {
		*d = ready
		if err := a.checkOutgoingRefs(ctx, tx, d); err != nil {
			return err
		}
		d.Status, d.Version, d.DrafterID = zhongshu.OutgoingDrafting, 1, actor.ID()
		d.DraftUnit = actor.User.PrimaryPost().UnitID
		if err := tx.CreateOutgoing(ctx, d); err != nil {
			return err
		}
		if err := tx.AddOutgoingVersion(ctx, d.ID, versionOf(d, actor.ID(), "初稿")); err != nil {
			return err
		}
		if err := tx.AddOutgoingEvent(ctx, &store.DocEvent{DocID: d.ID, ActorID: actor.ID(), ActorName: actor.User.Name,
			Action: "create", ToStatus: string(d.Status), Text: "起草：" + d.Kind.Label()}); err != nil {
			return err
		}
		var err error
		if findings, err = a.outgoingFindings(ctx, tx, d); err != nil {
			return err
		}
		if err := a.record(ctx, tx, actor, event{action: "outgoing.create", objectType: "outgoing", objectID: d.ID,
			to: string(d.Status), detail: "起草发文：" + d.Title}); err != nil {
			return err
		}
		return a.syncOutgoingWork(ctx, tx, d)
	})
	if err != nil {
		return nil, nil, err
	}
	return d, append(warnings, findings...), nil
}

// mayDraft: everyone with a business role and a post drafts; the three
// administrators do not.
func mayDraft(actor *zhongshu.Actor) error {
	if actor == nil || actor.User == nil {
		return zhongshu.Errorf(zhongshu.CodeUnauthenticated, "请先登录。")
	}
	for _, r := range actor.User.Roles {
		if r.IsAdmin() {
			return zhongshu.Errorf(zhongshu.CodeForbidden, "管理员账号不能起草公文。")
		}
	}
	if len(actor.User.Posts) == 0 {
		return zhongshu.Errorf(zhongshu.CodeForbidden, "您没有所属单位，不能起草公文。")
	}
	return nil
}

// versionOf is the text of d as saved now.
func versionOf(d *zhongshu.OutgoingDoc, by int64, reason string) *zhongshu.OutgoingVersion {
	return &zhongshu.OutgoingVersion{No: d.Version, ByID: by, Status: d.Status, Title: d.Title,
		MainTo: recipientLine(d.MainTo), CC: recipientLine(d.CC), Body: d.Body, Notes: notesLine(d), Reason: reason}
}

// recipientLine prints 主送 or 抄送 as the document does: names joined by
// "，" (without the closing punctuation).
func recipientLine(rs []zhongshu.Recipient) string {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.Name
	}
	return strings.Join(names, "，")
}

// notesLine is the 附件说明 and the 附注 as one comparable text.
func notesLine(d *zhongshu.OutgoingDoc) string {
	var parts []string
	if len(d.AttachmentNames) > 0 {
		parts = append(parts, "附件："+strings.Join(d.AttachmentNames, "；"))
	}
	if d.Note != "" {
		parts = append(parts, "附注："+d.Note)
	}
	return strings.Join(parts, "\n")
}

// textChanged reports whether the printed text of d differs from before.
func textChanged(before, d *zhongshu.OutgoingDoc) bool {
	return before.Title != d.Title || recipientLine(before.MainTo) != recipientLine(d.MainTo) ||
		recipientLine(before.CC) != recipientLine(d.CC) || before.Body != d.Body || notesLine(before) != notesLine(d)
}

// checkOutgoingRefs checks the issuers and the recipients on file: each
// issuer exists, is active and has a 机关代字; its 署名 defaults to the full
// name; the 机关代字 series must belong to the 主办机关; recipients on file
// take the unit's full name when none is given.
func (a *App) checkOutgoingRefs(ctx context.Context, tx *store.Tx, d *zhongshu.OutgoingDoc) error {
	var p zhongshu.Problems
	for i := range d.Issuers {
		u, err := tx.FindUnitByID(ctx, d.Issuers[i].UnitID)
		switch {
		case zhongshu.ErrorCode(err) == zhongshu.CodeNotFound:
			p.Add("issuers", "发文机关不存在")
			continue
		case err != nil:
			return err
		case !u.Active:
			p.Add("issuers", u.FullName+"已停用，不能作为发文机关")
		case u.DocCode == "" && i == 0:
			p.Add("issuers", u.FullName+"没有机关代字，请系统管理员在单位信息中填写")
		}
		if d.Issuers[i].Name == "" {
			d.Issuers[i].Name = u.FullName
		}
		if i == 0 {
			if d.Series == "" {
				d.Series = u.DocCode + defaultSeriesSuffix(d.Kind)
			}
			if !slices.Contains(SeriesOptions(u, d.Kind), d.Series) {
				p.Add("series", fmt.Sprintf("机关代字“%s”不属于%s", d.Series, u.FullName))
			}
			if d.PrintingUnit == "" {
				d.PrintingUnit = u.FullName
			}
		}
	}
	for _, list := range []struct {
		field string
		rs    []zhongshu.Recipient
	}{{"main_to", d.MainTo}, {"cc", d.CC}} {
		for i := range list.rs {
			r := &list.rs[i]
			if r.UnitID == 0 {
				continue
			}
			u, err := tx.FindUnitByID(ctx, r.UnitID)
			switch {
			case zhongshu.ErrorCode(err) == zhongshu.CodeNotFound:
				p.Add(list.field, "收文单位不存在")
			case err != nil:
				return err
			case r.Name == "":
				r.Name = u.FullName
			}
		}
	}
	if d.ReplyToIncoming != 0 {
		if _, err := tx.FindIncomingByID(ctx, d.ReplyToIncoming); zhongshu.ErrorCode(err) == zhongshu.CodeNotFound {
			p.Add("reply_to", "所答复的收文不存在")
		} else if err != nil {
			return err
		}
	}
	return p.Err()
}

// defaultSeriesSuffix is the usual series of a 文种 after the unit's code:
// 函 for letters, 令 for orders, 发 otherwise.
func defaultSeriesSuffix(k zhongshu.DocKind) string {
	switch k {
	case zhongshu.KindLetter:
		return "函"
	case zhongshu.KindOrder:
		return "令"
	case zhongshu.KindMinutes:
		return "纪"
	}
	return "发"
}

// SeriesOptions lists the 机关代字 a unit may number a document of kind
// from: its code followed by 发 (文件), 函, 任 (任免), and 令 or 纪 for orders
// and minutes (DOMAIN.md §4.3).
func SeriesOptions(u *zhongshu.Unit, k zhongshu.DocKind) []string {
	if u == nil || u.DocCode == "" {
		return nil
	}
	out := []string{u.DocCode + defaultSeriesSuffix(k)}
	for _, s := range []string{"发", "函", "任"} {
		if !slices.Contains(out, u.DocCode+s) {
			out = append(out, u.DocCode+s)
		}
	}
	return out
}

// outgoingFindings runs the 行文规则 checks on d and returns the messages
// of the findings that do not block; blocking ones are an error.
func (a *App) outgoingFindings(ctx context.Context, tx *store.Tx, d *zhongshu.OutgoingDoc) ([]string, error) {
	fs, err := a.checkOutgoingRules(ctx, tx, d)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range fs {
		if !f.Blocking {
			out = append(out, f.Message)
		}
	}
	return out, nil
}

// checkOutgoingRules runs the 行文规则, looking up the units the document
// names as the rules ask for them.
func (a *App) checkOutgoingRules(ctx context.Context, tx *store.Tx, d *zhongshu.OutgoingDoc) ([]zhongshu.Finding, error) {
	gov := zhongshu.UnitCountyGov
	govs, _, err := tx.FindUnits(ctx, zhongshu.UnitFilter{Type: &gov, Limit: 1})
	if err != nil {
		return nil, err
	}
	env := zhongshu.RuleEnv{}
	if len(govs) > 0 {
		env.CountyGovID = govs[0].ID
	}
	seen := map[int64]*zhongshu.Unit{}
	var lookupErr error
	env.Unit = func(id int64) (zhongshu.Unit, bool) {
		u, ok := seen[id]
		if !ok {
			found, err := tx.FindUnitByID(ctx, id)
			if err != nil && zhongshu.ErrorCode(err) != zhongshu.CodeNotFound && lookupErr == nil {
				lookupErr = err
			}
			u, seen[id] = found, found
		}
		if u == nil {
			return zhongshu.Unit{}, false
		}
		return *u, true
	}
	fs := zhongshu.CheckOutgoing(d, env)
	return fs, lookupErr
}
