package web

// What the 收文 and 发文 document pages (and, for the timeline, the 督办
// item page) show alike: who holds the document now (去向), the action
// forms, the attachment panel with its upload form, and the timeline
// (办理过程). The blocks are
// in templates/partials_documents.html.

import (
	"fmt"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// holderRow is someone holding a document now, as the 去向 table shows it.
type holderRow struct {
	app.Holder
	Person string
	Light  zhongshu.DeadlineState
}

// holderRows are a document's holders, named by person, with their lights
// at now.
func holderRows(hs []app.Holder, person func(int64) string, now time.Time) []holderRow {
	var out []holderRow
	for _, h := range hs {
		out = append(out, holderRow{Holder: h, Person: person(h.PersonID), Light: (&zhongshu.WorkItem{DueAt: h.DueAt}).Deadline(now)})
	}
	return out
}

// actionForms are a page's action forms, the primary one (if any) first.
func actionForms[F any](primary *F, secondary []F) []*F {
	var out []*F
	if primary != nil {
		out = append(out, primary)
	}
	for i := range secondary {
		out = append(out, &secondary[i])
	}
	return out
}

// fileRow is one attachment of the attachment panel.
type fileRow struct {
	*zhongshu.Attachment
	Size, By, URL string
}

// attachmentPanel is a document's attachments and, for those who may add
// to them, the upload form (the "attachment-panel" block).
type attachmentPanel struct {
	Kind        string // "incoming" or "outgoing": the paths' first segment and the elements' id prefix
	DocID       int64
	Files       []fileRow
	CanUpload   bool
	UploadError string // the refused upload's message
	Warning     string // the non-classified banner
	Rules       string // what may be attached
}

// newAttachmentPanel lists the attachments of document id of the given
// kind, naming the uploaders by person.
func (s *Server) newAttachmentPanel(kind string, id int64, atts []*zhongshu.Attachment, person func(int64) string, canUpload bool) attachmentPanel {
	p := attachmentPanel{Kind: kind, DocID: id, CanUpload: canUpload, Warning: zhongshu.NonClassifiedWarning, Rules: s.attachmentRulesText()}
	for _, f := range atts {
		p.Files = append(p.Files, fileRow{Attachment: f, Size: fileSize(f.Size), By: person(f.UploadedBy),
			URL: fmt.Sprintf("/%s/%d/files/%d", kind, id, f.ID)})
	}
	return p
}

// timeline is a document's 办理过程 (the "timeline" block).
type timeline struct {
	ID      string // the list's element id
	Entries []timelineEntry
}

// timelineEntry is one line of a timeline.
type timelineEntry struct {
	At        time.Time
	ActorName string
	Label     string // what was done
	From, To  string // the statuses' names; From is empty where the status stayed
	Text      string
}

// newTimelineEntry is an entry that took the document from status from to
// status to.
func newTimelineEntry[S labelledCode](at time.Time, actorName, label string, from, to S, text string) timelineEntry {
	e := timelineEntry{At: at, ActorName: actorName, Label: label, To: to.Label(), Text: text}
	if from != "" && from != to {
		e.From = from.Label()
	}
	return e
}
