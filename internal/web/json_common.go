package web

// JSON shapes that the 收文 and 发文 APIs share (and 督办, for the actions
// the caller may take): an attachment, someone holding a document now, an
// allowed action.

import (
	"fmt"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// attachmentJSON describes an attachment; its bytes are at url.
type attachmentJSON struct {
	ID          int64     `json:"id" doc:"附件编号"`
	Name        string    `json:"name" doc:"文件名"`
	ContentType string    `json:"content_type" doc:"媒体类型；未知为空"`
	Size        int64     `json:"size" doc:"字节数"`
	SHA256      string    `json:"sha256" doc:"内容的 SHA-256 摘要（十六进制）"`
	UploadedBy  int64     `json:"uploaded_by" doc:"上传人"`
	UploadedAt  time.Time `json:"uploaded_at" doc:"上传时间"`
	URL         string    `json:"url" doc:"下载地址（本接口）"`
}

// attachmentOut describes attachment a of document docID of the given kind
// ("incoming" or "outgoing").
func attachmentOut(kind string, docID int64, a *zhongshu.Attachment) attachmentJSON {
	return attachmentJSON{ID: a.ID, Name: a.Name, ContentType: a.ContentType, Size: a.Size, SHA256: a.Digest,
		UploadedBy: a.UploadedBy, UploadedAt: apiTime(a.UploadedAt), URL: fmt.Sprintf("/api/v1/%s/%d/files/%d", kind, docID, a.ID)}
}

// holderJSON is someone holding the document now (去向).
type holderJSON struct {
	PersonID   int64      `json:"person_id" doc:"人员编号"`
	PersonName string     `json:"person_name" doc:"姓名"`
	Kind       string     `json:"kind" doc:"todo 待办，toread 待阅"`
	KindLabel  string     `json:"kind_label" doc:"待办或待阅"`
	Step       string     `json:"step" doc:"待办理的环节，如 批示、承办签收"`
	Since      time.Time  `json:"since" doc:"到达时间"`
	DueAt      *time.Time `json:"due_at" doc:"该环节的时限；无为 null"`
	Held       bool       `json:"held" doc:"是否已压（积压未办）"`
}

// holdersOut describes a document's holders, named by person.
func holdersOut(hs []app.Holder, person func(int64) string) []holderJSON {
	out := []holderJSON{}
	for _, h := range hs {
		kind := "待办"
		if h.Kind == zhongshu.WorkToRead {
			kind = "待阅"
		}
		out = append(out, holderJSON{PersonID: h.PersonID, PersonName: person(h.PersonID), Kind: string(h.Kind),
			KindLabel: kind, Step: h.Step, Since: apiTime(h.Since), DueAt: optTime(h.DueAt), Held: h.Held})
	}
	return out
}

// actionJSON is an action the caller may take now.
type actionJSON struct {
	Action string `json:"action" doc:"操作代码"`
	Label  string `json:"label" doc:"操作的中文名称"`
}

// labelledCode is a code with a Chinese name: an action or a status of one
// of the routes (收文, 发文, 督办).
type labelledCode interface {
	~string
	Label() string
}

// allowedOut describes the actions the caller may take now.
func allowedOut[A labelledCode](acts []A) []actionJSON {
	out := []actionJSON{}
	for _, act := range acts {
		out = append(out, actionJSON{Action: string(act), Label: act.Label()})
	}
	return out
}
