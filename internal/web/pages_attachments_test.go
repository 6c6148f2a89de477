package web_test

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// TestPages_DocumentUploads uploads through the attachment panel of a 收文
// and of a 发文 page: the same form gives the same answers, and the file
// lands in the list and downloads.
func TestPages_DocumentUploads(t *testing.T) {
	e := newEnv(t)
	in, _ := seedIncoming(t, e, "关于上传附件")
	og, _ := seedOutgoing(t, e, "青川县人民政府办公室关于上传附件的通知", zhongshu.OutgoingDrafting)
	for _, tc := range []struct {
		kind, user string
		id         int64
	}{{"incoming", "wenshu", in.ID}, {"outgoing", "liting", og.ID}} {
		c := e.login(tc.user)
		doc := fmt.Sprintf("/%s/%d", tc.kind, tc.id)
		what := func(s string) string { return tc.kind + ": " + s }

		// Refused, the page comes again with the message at the form.
		body := mustStatus(t, what("nothing chosen"), e.postMultipart(c, doc+"/files", nil, nil), http.StatusBadRequest)
		mustContain(t, what("nothing chosen"), body, `id="`+tc.kind+`-upload-error">请选择要上传的附件。</div>`,
			`<form method="post" action="`+doc+`/files" enctype="multipart/form-data"`)
		body = mustStatus(t, what(".exe"), e.postMultipart(c, doc+"/files", nil, map[string]string{"setup.exe": "MZ"}), http.StatusBadRequest)
		mustContain(t, what(".exe"), body, "附件未能上传：setup.exe（不支持的附件类型 .exe")

		resp := e.postMultipart(c, doc+"/files", nil, map[string]string{"说明.txt": "一段说明。"})
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != doc {
			t.Fatalf("%s: upload: %d to %q, want 303 to %s", tc.kind, resp.StatusCode, resp.Header.Get("Location"), doc)
		}
		body = mustStatus(t, what("page"), e.get(c, doc), http.StatusOK)
		mustContain(t, what("page"), body, "已上传附件 1 个。", `id="`+tc.kind+`-files"`, `id="`+tc.kind+`-timeline"`, "上传附件")
		m := regexp.MustCompile(`<a href="(` + doc + `/files/\d+)" download>说明.txt</a>`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("%s: no link to 说明.txt in the attachment panel", tc.kind)
		}
		resp = e.get(c, m[1])
		if got := readBody(resp); resp.StatusCode != http.StatusOK || got != "一段说明。" {
			t.Errorf("%s: download %s: %d %q", tc.kind, m[1], resp.StatusCode, got)
		}
	}
}
