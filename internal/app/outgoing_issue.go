package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/blob"
	"github.com/zhongshu-oa/zhongshu/internal/docpdf"
	"github.com/zhongshu-oa/zhongshu/internal/docsign"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/outgoing"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// RenditionOwner is the attachment owner type of a 发文's document of
// record (the PDF), kept apart from the attachments a drafter uploads.
const RenditionOwner = "outgoing_pdf"

// knownFonts are free CJK TrueType fonts looked for when none is
// configured (a county installs its licensed 仿宋 and sets ZHONGSHU_FONT).
var knownFonts = []string{
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
	"/usr/share/fonts/truetype/arphic/uming.ttf",
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttf",
}

// knownLatinFonts are looked for to print digits and Latin letters (GB/T
// 9704 practice: Times New Roman) when none is configured.
var knownLatinFonts = []string{
	"/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
	"/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
}

// Fonts returns the fonts the rendition uses, or why there are none.
func (a *App) Fonts() (docpdf.Fonts, error) {
	f := docpdf.Fonts{FangSong: a.cfg.FontFangSong, Hei: a.cfg.FontHei, Kai: a.cfg.FontKai, XiaoBiaoSong: a.cfg.FontTitle,
		Latin: a.cfg.FontLatin}
	if f.Latin == "" {
		for _, p := range knownLatinFonts {
			if _, err := os.Stat(p); err == nil {
				f.Latin = p
				break
			}
		}
	}
	if f.FangSong == "" {
		for _, p := range knownFonts {
			if _, err := os.Stat(p); err == nil {
				f.FangSong = p
				break
			}
		}
	}
	if f.FangSong == "" {
		return f, zhongshu.Errorf(zhongshu.CodeInternal,
			"未配置公文字体：请系统管理员安装仿宋字体并设置 ZHONGSHU_FONT（TrueType 字体文件路径）。")
	}
	return f, nil
}

// RenditionOf lays out d as the printed document: 发文机关标志, number,
// 签发人 for 上行文, title, 主送, body, 附件说明, 署名, 成文日期, 附注 and
// 版记 (GB/T 9704).
func RenditionOf(d *zhongshu.OutgoingDoc, signers []string) docpdf.Document {
	pd := docpdf.Document{Format: docpdf.Format(d.Format), Urgency: d.Urgency.Label(), Number: d.Number,
		Title: d.Title, Body: d.Body, Attachments: d.AttachmentNames, Sealed: d.Sealed && d.Kind != zhongshu.KindMinutes,
		PrintingUnit: d.PrintingUnit}
	if pd.Format == "" {
		pd.Format = docpdf.Format(zhongshu.DefaultFormat(d.Kind))
	}
	var names []string
	for _, is := range d.Issuers {
		names = append(names, is.Name)
		pd.Signature = append(pd.Signature, is.Name)
	}
	switch {
	case d.Kind == zhongshu.KindMinutes:
		pd.IssuerMark = strings.Join(names, "") + "纪要"
	case d.Kind == zhongshu.KindOrder:
		pd.IssuerMark = strings.Join(names, "") + "令"
	case d.Format == zhongshu.FormatLetter:
		pd.IssuerMark = strings.Join(names, "")
	case len(names) > 1:
		pd.IssuerNames, pd.MarkSuffix = names, "文件"
	default:
		pd.IssuerMark = strings.Join(names, "") + "文件"
	}
	if d.Direction == zhongshu.DirectionUp {
		pd.Signers = signers
	}
	if len(d.MainTo) > 0 {
		pd.MainTo = recipientLine(d.MainTo) + "："
	}
	if len(d.CC) > 0 {
		pd.CC = recipientLine(d.CC) + "。"
	}
	if !d.WrittenAt.IsZero() {
		pd.WrittenDate = chineseDate(d.WrittenAt)
	}
	if !d.PrintedAt.IsZero() {
		pd.PrintingDate = chineseDate(d.PrintedAt)
	} else if !d.RegisteredAt.IsZero() {
		pd.PrintingDate = chineseDate(d.RegisteredAt)
	}
	note := d.Note
	if d.Disclosure == zhongshu.DisclosureActive && !strings.Contains(note, "公开发布") {
		note = strings.TrimLeft(strings.Join([]string{note, "此件公开发布"}, "；"), "；")
	}
	pd.Note = note
	return pd
}

// chineseDate writes a date as a 公文 does: 2026年3月5日 (§4.4 item 4).
func chineseDate(t time.Time) string {
	t = t.In(chinaTime)
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// ProduceOutgoing makes the document of record of a registered document:
// it lays it out as a PDF (GB/T 9704), stores it with its SM3 digest, and
// signs the 签发 record with the 主办机关's SM2 key. The rendition is made
// outside the transaction; the transaction then checks that the document
// did not change meanwhile. It may be made again until 核发.
func (a *App) ProduceOutgoing(ctx context.Context, actor *zhongshu.Actor, id int64) (*zhongshu.OutgoingDoc, error) {
	var d *zhongshu.OutgoingDoc
	var rec docsign.Record
	var signers []string
	err := a.db.View(ctx, func(tx *store.Tx) (err error) {
		if d, err = a.outgoingForActor(ctx, tx, actor, id); err != nil {
			return err
		}
		// Who and when, before any work: the workflow's answer with a
		// stand-in rendition.
		if _, err := outgoing.Apply(*d, outgoing.Request{Action: outgoing.Produce, Actor: actor, Now: tx.Now(),
			RenditionID: 1, RenditionSM3: "-"}); err != nil {
			return err
		}
		rec, signers, err = a.signedRecord(ctx, tx, d)
		return err
	})
	if zhongshu.ErrorCode(err) == zhongshu.CodeForbidden {
		return nil, a.deny(ctx, actor, "outgoing.produce", err)
	}
	if err != nil {
		return nil, err
	}
	fonts, err := a.Fonts()
	if err != nil {
		return nil, err
	}
	pdf, err := docpdf.Render(ctx, RenditionOf(d, signers), fonts)
	if err != nil {
		return nil, fmt.Errorf("app: render 发文 %d: %w", id, err)
	}
	files, err := a.fileStore()
	if err != nil {
		return nil, err
	}
	info, err := files.Put(ctx, bytes.NewReader(pdf), int64(len(pdf))+1)
	if err != nil {
		return nil, err
	}
	priv, key, err := a.unitSigningKey(ctx, d.Lead())
	if err != nil {
		return nil, err
	}
	rec.RenditionSM3, rec.RenditionSize = docsign.Digest(pdf)
	rec.SignedAt = a.clock.Now().UTC().Truncate(time.Second)
	env, err := docsign.Sign(rand.Reader, rec, priv)
	if err != nil {
		return nil, err
	}
	envJSON, err := docsign.Marshal(env)
	if err != nil {
		return nil, err
	}
	var out outgoing.Outcome
	err = a.db.Transact(ctx, func(tx *store.Tx) error {
		cur, err := a.outgoingForActor(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if cur.Version != d.Version || !cur.UpdatedAt.Equal(d.UpdatedAt) {
			return zhongshu.Errorf(zhongshu.CodeConflict, "生成版式文件期间公文已有变动，请重新生成。")
		}
		att := &zhongshu.Attachment{OwnerType: RenditionOwner, OwnerID: id, Name: renditionName(cur),
			ContentType: "application/pdf", Size: info.Size, Digest: info.Digest, UploadedBy: actor.ID()}
		if err := tx.AddAttachment(ctx, att); err != nil {
			return err
		}
		if out, err = outgoing.Apply(*cur, outgoing.Request{Action: outgoing.Produce, Actor: actor, Now: tx.Now(),
			RenditionID: att.ID, RenditionSM3: rec.RenditionSM3}); err != nil {
			return err
		}
		if err := tx.UpdateOutgoing(ctx, &out.Doc); err != nil {
			return err
		}
		if err := tx.SetOutgoingEnvelope(ctx, id, string(envJSON)); err != nil {
			return err
		}
		text := fmt.Sprintf("生成版式文件 %s（%s，SM3 %s）；签发记录已用%s的 SM2 密钥签名（密钥标识 %s）",
			att.Name, sizeLabel(att.Size), rec.RenditionSM3[:16], rec.IssuerUnit, key.KeyID[:16])
		if err := tx.AddOutgoingEvent(ctx, &store.DocEvent{DocID: id, ActorID: actor.ID(), ActorName: actor.User.Name,
			Action: string(outgoing.Produce), FromStatus: string(out.From), ToStatus: string(out.To), Text: text}); err != nil {
			return err
		}
		if err := a.record(ctx, tx, actor, event{action: "outgoing.produce", objectType: "outgoing", objectID: id,
			from: string(out.From), to: string(out.To), detail: cur.Number + " " + cur.Title + "：" + text}); err != nil {
			return err
		}
		return a.syncOutgoingWork(ctx, tx, &out.Doc)
	})
	if err != nil {
		return nil, err
	}
	return &out.Doc, nil
}

// renditionName is the file name of the document of record.
func renditionName(d *zhongshu.OutgoingDoc) string {
	return blob.SafeFilename(strings.TrimSpace(d.Number+" "+d.Title) + ".pdf")
}

// signedRecord is the 签发 record of d (without the rendition's digest) and
// the 签发人 names printed on a 上行文.
func (a *App) signedRecord(ctx context.Context, tx *store.Tx, d *zhongshu.OutgoingDoc) (docsign.Record, []string, error) {
	rec := docsign.Record{Version: 1, DocID: d.ID, Number: d.Number, Title: d.Title, IssuerUnitID: d.Lead()}
	if len(d.Issuers) > 0 {
		rec.IssuerUnit = d.Issuers[0].Name
	}
	if !d.WrittenAt.IsZero() {
		rec.WrittenDate = chineseDate(d.WrittenAt)
	}
	var names []string
	for _, s := range d.Signatures {
		leader, err := tx.FindUserByID(ctx, s.LeaderID)
		if err != nil {
			return rec, nil, err
		}
		unit := ""
		for _, is := range d.Issuers {
			if is.UnitID == s.UnitID {
				unit = is.Name
			}
		}
		rec.Signers = append(rec.Signers, docsign.Signer{Name: leader.Name, Unit: unit, Opinion: s.Opinion,
			Date: s.At.In(chinaTime).Format("2006-01-02"), Proxy: s.Proxy(), Circled: s.Circled})
		names = append(names, leader.Name)
	}
	return rec, names, nil
}

// OutgoingSignature returns the document of record of id (its attachment
// row, not its contents) and its signed 签发 record (the .sig sidecar),
// for someone who may see it.
func (a *App) OutgoingSignature(ctx context.Context, actor *zhongshu.Actor, id int64) (*zhongshu.Attachment, []byte, error) {
	var att *zhongshu.Attachment
	var env string
	err := a.db.View(ctx, func(tx *store.Tx) error {
		d, err := a.outgoingForActor(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		if d.RenditionID == 0 {
			return zhongshu.Errorf(zhongshu.CodeNotFound, "该公文尚未生成版式文件。")
		}
		if att, err = tx.FindAttachment(ctx, d.RenditionID); err != nil {
			return err
		}
		env, err = tx.OutgoingEnvelope(ctx, id)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return att, []byte(env), nil
}

// OpenOutgoingRendition returns the document of record of id (the PDF) and
// its signed 签发 record, for someone who may see it.
func (a *App) OpenOutgoingRendition(ctx context.Context, actor *zhongshu.Actor, id int64) (*zhongshu.Attachment, io.ReadSeekCloser, []byte, error) {
	att, env, err := a.OutgoingSignature(ctx, actor, id)
	if err != nil {
		return nil, nil, nil, err
	}
	rc, err := a.openBlob(ctx, att, "版式文件已丢失，请联系系统管理员。")
	if err != nil {
		return nil, nil, nil, err
	}
	return att, rc, env, nil
}

// deliverOutgoing sends an issued document to every 主送 and 抄送 unit on
// file inside Zhongshu (not external ones): a 收文 in that unit's queue
// (渠道：本系统内发文; 主送 as 办件, 抄送 as 阅件) with the rendition
// attached, and a delivery row awaiting the unit's 签收回执.
func (a *App) deliverOutgoing(ctx context.Context, tx *store.Tx, actor *zhongshu.Actor, d *zhongshu.OutgoingDoc) error {
	var att *zhongshu.Attachment
	if d.RenditionID != 0 {
		var err error
		if att, err = tx.FindAttachment(ctx, d.RenditionID); err != nil {
			return err
		}
	}
	seen := map[int64]bool{}
	for _, list := range []struct {
		rs       []zhongshu.Recipient
		handling zhongshu.Handling
	}{{d.MainTo, zhongshu.HandlingAction}, {d.CC, zhongshu.HandlingRead}} {
		for _, r := range list.rs {
			if r.UnitID == 0 || seen[r.UnitID] {
				continue
			}
			seen[r.UnitID] = true
			u, err := tx.FindUnitByID(ctx, r.UnitID)
			if err != nil {
				return err
			}
			if u.IsExternal || !u.Active {
				continue
			}
			in := &zhongshu.IncomingDoc{ReceivedAt: tx.Now(), SenderUnitID: d.Lead(), Kind: d.Kind, Title: d.Title,
				Secrecy: zhongshu.SecrecyNone, Urgency: d.Urgency, Copies: 1, Channel: zhongshu.ChannelSystem,
				Handling: list.handling, Disclosure: d.Disclosure, Summary: summaryOf(d.Body),
				Status: zhongshu.IncomingReceived, CreatedByID: actor.ID(), RecipientUnitID: r.UnitID}
			if len(d.Issuers) > 0 {
				in.SenderName = d.Issuers[0].Name
			}
			if zhongshu.LooksLikeDocNumber(d.Number) {
				in.SenderNumber = d.Number
			}
			if err := tx.CreateIncoming(ctx, in); err != nil {
				return err
			}
			if err := tx.AddIncomingEvent(ctx, &store.IncomingEvent{DocID: in.ID, ActorID: actor.ID(),
				ActorName: actor.User.Name, Action: "delivered", ToStatus: in.Status,
				Text: fmt.Sprintf("%s经本系统发来 %s，送%s签收", in.SenderName, d.Number, u.FullName)}); err != nil {
				return err
			}
			if att != nil {
				copyAtt := *att
				copyAtt.ID, copyAtt.OwnerType, copyAtt.OwnerID = 0, IncomingModule, in.ID
				if err := tx.AddAttachment(ctx, &copyAtt); err != nil {
					return err
				}
			}
			if err := tx.AddOutgoingDelivery(ctx, d.ID, zhongshu.OutgoingDelivery{UnitID: r.UnitID, IncomingID: in.ID}); err != nil {
				return err
			}
			if err := a.syncIncomingWork(ctx, tx, in); err != nil {
				return err
			}
		}
	}
	return nil
}

// summaryOf is the start of a body, as a 收文's 内容摘要.
func summaryOf(body string) string {
	r := []rune(strings.TrimSpace(body))
	if len(r) > 300 {
		return string(r[:300]) + "……"
	}
	return string(r)
}

// receiptForOutgoing records the 签收回执 when a 收文 delivered from a 发文
// inside Zhongshu is signed for, on the 发文's timeline, and clears its 漏.
func (a *App) receiptForOutgoing(ctx context.Context, tx *store.Tx, actor *zhongshu.Actor, in *zhongshu.IncomingDoc) error {
	docID, err := tx.SignOutgoingDelivery(ctx, in.ID, actor.ID())
	if err != nil || docID == 0 {
		return err
	}
	unit := ""
	if in.RecipientUnitID != 0 {
		u, err := tx.FindUnitByID(ctx, in.RecipientUnitID)
		if err != nil {
			return err
		}
		unit = u.FullName
	}
	if err := tx.AddOutgoingEvent(ctx, &store.DocEvent{DocID: docID, ActorID: actor.ID(), ActorName: actor.User.Name,
		Action: "receipt", Text: unit + "已签收（签收回执）"}); err != nil {
		return err
	}
	return a.ClearMissed(ctx, tx, OutgoingModule, DeliveryRefType, in.ID, "已签收")
}

// DeliveryRefType marks a 漏 of one delivery (its 收文 id as the reference).
const DeliveryRefType = "delivery"

// UnsignedWorkdays is how long a recipient unit may leave a delivered
// document unsigned before it is a 漏 of the issuer (文不过夜 gives the
// same day; one more working day is the grace).
const UnsignedWorkdays = 1

// CheckOutgoingReceipts puts on the 漏 ledger, for whoever issued it, each
// delivery not signed for within UnsignedWorkdays working days. It is
// idempotent; the 漏 clears when the unit signs.
func (a *App) CheckOutgoingReceipts(ctx context.Context) (int, error) {
	q := store.UnsignedQuery{Module: OutgoingModule, RefType: DeliveryRefType, Kind: zhongshu.FlagMissed, Limit: a.flagBatch}
	read := func(tx *store.Tx) ([]store.UnsignedDelivery, error) {
		q.Before = tx.Now().Add(-24 * time.Hour * UnsignedWorkdays)
		page, err := tx.FindUnsignedDeliveries(ctx, q)
		if len(page) > 0 {
			q.After = page[len(page)-1]
		}
		return page, err
	}
	raise := func(tx *store.Tx, del store.UnsignedDelivery) (bool, error) {
		if a.workdaysSince(del.SentAt, tx.Now()) <= UnsignedWorkdays {
			return false, nil
		}
		d, err := tx.FindOutgoingByID(ctx, del.DocID)
		if err != nil {
			return false, err
		}
		u, err := tx.FindUnitByID(ctx, del.UnitID)
		if err != nil {
			return false, err
		}
		owner := d.DispatchedByID
		unit := int64(0)
		if p, err := tx.FindUserByID(ctx, owner); err == nil {
			unit = p.PrimaryUnitID()
		}
		return tx.RaiseFlag(ctx, &zhongshu.Flag{Kind: zhongshu.FlagMissed, Module: OutgoingModule,
			RefType: DeliveryRefType, RefID: del.IncomingID, Title: outgoingTitle(d), URL: OutgoingURL(d.ID),
			OwnerID: owner, UnitID: unit, Detail: fmt.Sprintf("%s超过%d个工作日未签收（%s送达）", u.FullName,
				UnsignedWorkdays, dateLabel(del.SentAt))})
	}
	return raiseInPages(ctx, a, q.Limit, read, raise)
}
