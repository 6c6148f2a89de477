package zhongshu_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// draft is what a drafter submits: no format or direction, ids only for
// units on file.
func draft() *zhongshu.OutgoingDoc {
	return &zhongshu.OutgoingDoc{Kind: zhongshu.KindNotice, Issuers: []zhongshu.Issuer{{UnitID: uOffice}},
		Title: "青川县人民政府办公室关于做好安全生产工作的通知", MainTo: []zhongshu.Recipient{{UnitID: uFinance}, {Name: "各乡镇人民政府"}},
		CC: []zhongshu.Recipient{{UnitID: uReform}}, Body: "现通知如下。", Disclosure: zhongshu.DisclosureActive}
}

func TestOutgoingValidate(t *testing.T) {
	many := func(n int, name string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = name
		}
		return out
	}
	manyRecipients := make([]zhongshu.Recipient, zhongshu.MaxRecipients+1)
	for i := range manyRecipients {
		manyRecipients[i] = zhongshu.Recipient{UnitID: int64(100 + i)}
	}
	tests := []struct {
		name     string
		edit     func(d *zhongshu.OutgoingDoc)
		fields   map[string]string
		warnings []string
	}{
		{name: "clean draft"},
		{name: "empty body and no copies while drafting", edit: func(d *zhongshu.OutgoingDoc) { d.Body, d.Copies = "", 0 }},
		{name: "limits reached", edit: func(d *zhongshu.OutgoingDoc) {
			d.Title = strings.Repeat("题", zhongshu.MaxOutgoingTitle)
			d.Body = strings.Repeat("文", zhongshu.MaxOutgoingBody)
			d.AttachmentNames = many(zhongshu.MaxOutgoingAttachments, strings.Repeat("附", zhongshu.MaxAttachmentName))
			d.Note, d.InternalMark = strings.Repeat("注", zhongshu.MaxOutgoingNote), strings.Repeat("内", zhongshu.MaxInternalMark)
			d.Copies, d.Urgency = zhongshu.MaxCopies, zhongshu.UrgencyExtra
			d.Disclosure, d.DisclosureReason = zhongshu.DisclosureOnRequest, strings.Repeat("理", zhongshu.MaxDisclosureReason)
		}},

		// 文种, 版式, 方向.
		{name: "no kind", edit: func(d *zhongshu.OutgoingDoc) { d.Kind = "" },
			fields: map[string]string{"kind": "请选择文种"}},
		{name: "other kind", edit: func(d *zhongshu.OutgoingDoc) { d.Kind = zhongshu.KindOther },
			fields: map[string]string{"kind": "请选择法定文种；规定、办法等应作为通知的附件印发"}},
		{name: "unknown kind", edit: func(d *zhongshu.OutgoingDoc) { d.Kind = "regulation" },
			fields: map[string]string{"kind": "请选择文种"}},
		{name: "unknown format", edit: func(d *zhongshu.OutgoingDoc) { d.Format = "poster" },
			fields: map[string]string{"format": "版式不正确"}},
		{name: "unknown direction", edit: func(d *zhongshu.OutgoingDoc) { d.Direction = "sideways" },
			fields: map[string]string{"direction": "行文方向不正确"}},

		// 标题, 正文.
		{name: "no title", edit: func(d *zhongshu.OutgoingDoc) { d.Title = " 　" },
			fields: map[string]string{"title": "请填写标题"}},
		{name: "long title", edit: func(d *zhongshu.OutgoingDoc) { d.Title = strings.Repeat("题", zhongshu.MaxOutgoingTitle+1) },
			fields: map[string]string{"title": "标题不能超过200个字"}},
		{name: "long body", edit: func(d *zhongshu.OutgoingDoc) { d.Body = strings.Repeat("文", zhongshu.MaxOutgoingBody+1) },
			fields: map[string]string{"body": "正文不能超过50000个字"}},

		// 发文机关.
		{name: "no issuer", edit: func(d *zhongshu.OutgoingDoc) { d.Issuers = nil },
			fields: map[string]string{"issuers": "请选择发文机关"}},
		{name: "blank issuer", edit: func(d *zhongshu.OutgoingDoc) { d.Issuers = append(d.Issuers, zhongshu.Issuer{Name: " "}) },
			fields: map[string]string{"issuers": "第2个发文机关未选择"}},
		{name: "issuer not on file", edit: func(d *zhongshu.OutgoingDoc) { d.Issuers = []zhongshu.Issuer{{Name: "某协会"}} },
			fields: map[string]string{"issuers": "发文机关“某协会”须从单位中选择"}},
		{name: "issuer twice", edit: func(d *zhongshu.OutgoingDoc) { d.Issuers = append(d.Issuers, zhongshu.Issuer{UnitID: uOffice}) },
			fields: map[string]string{"issuers": "第2个发文机关重复"}},
		{name: "long issuer name", edit: func(d *zhongshu.OutgoingDoc) { d.Issuers[0].Name = strings.Repeat("署", 101) },
			fields: map[string]string{"issuers": "发文机关署名不能超过100个字"}},

		// 主送, 抄送.
		{name: "blank 主送 entry", edit: func(d *zhongshu.OutgoingDoc) { d.MainTo = append(d.MainTo, zhongshu.Recipient{Name: "　"}) },
			fields: map[string]string{"main_to": "主送机关第3项未填写名称"}},
		{name: "punctuation-only 抄送 entry", edit: func(d *zhongshu.OutgoingDoc) { d.CC = []zhongshu.Recipient{{Name: "。"}} },
			fields: map[string]string{"cc": "抄送机关第1项未填写名称"}, warnings: []string{"已去掉抄送机关“。”末尾的标点"}},
		{name: "主送 twice by id", edit: func(d *zhongshu.OutgoingDoc) { d.MainTo = append(d.MainTo, zhongshu.Recipient{UnitID: uFinance}) },
			fields: map[string]string{"main_to": "主送机关“第3项”重复"}},
		{name: "主送 twice by name", edit: func(d *zhongshu.OutgoingDoc) {
			d.MainTo = append(d.MainTo, zhongshu.Recipient{Name: "各乡镇人民政府："})
		}, fields: map[string]string{"main_to": "主送机关“各乡镇人民政府”重复"}, warnings: []string{"已去掉主送机关“各乡镇人民政府：”末尾的标点"}},
		{name: "too many 主送", edit: func(d *zhongshu.OutgoingDoc) { d.MainTo = manyRecipients },
			fields: map[string]string{"main_to": "主送机关不能超过200个"}},
		{name: "long 抄送 name", edit: func(d *zhongshu.OutgoingDoc) { d.CC = []zhongshu.Recipient{{Name: strings.Repeat("抄", 101)}} },
			fields: map[string]string{"cc": "抄送机关第1项的名称不能超过100个字"}},
		{name: "both 主送 and 抄送", edit: func(d *zhongshu.OutgoingDoc) { d.CC = append(d.CC, zhongshu.Recipient{Name: "各乡镇人民政府"}) },
			fields: map[string]string{"cc": "“各乡镇人民政府”已是主送机关，不能同时抄送"}},

		// 公开属性.
		{name: "no disclosure", edit: func(d *zhongshu.OutgoingDoc) { d.Disclosure = "" },
			fields: map[string]string{"disclosure": "请选择公开属性"}},
		{name: "unknown disclosure", edit: func(d *zhongshu.OutgoingDoc) { d.Disclosure = "maybe" },
			fields: map[string]string{"disclosure": "公开属性不正确"}},
		{name: "on request without reason", edit: func(d *zhongshu.OutgoingDoc) {
			d.Disclosure, d.DisclosureReason = zhongshu.DisclosureOnRequest, "  "
		}, fields: map[string]string{"disclosure_reason": "依申请公开、不予公开须说明理由"}},
		{name: "not disclosed without reason", edit: func(d *zhongshu.OutgoingDoc) { d.Disclosure = zhongshu.DisclosureNotDisclosed },
			fields: map[string]string{"disclosure_reason": "依申请公开、不予公开须说明理由"}},
		{name: "long reason", edit: func(d *zhongshu.OutgoingDoc) {
			d.Disclosure, d.DisclosureReason = zhongshu.DisclosureNotDisclosed, strings.Repeat("理", 201)
		}, fields: map[string]string{"disclosure_reason": "理由不能超过200个字"}},

		// 附件, 附注, 内部标记, 份数, 紧急程度.
		{name: "too many attachments", edit: func(d *zhongshu.OutgoingDoc) { d.AttachmentNames = many(51, "表") },
			fields: map[string]string{"attachments": "附件不能超过50个"}},
		{name: "blank attachment", edit: func(d *zhongshu.OutgoingDoc) { d.AttachmentNames = []string{"表", " "} },
			fields: map[string]string{"attachments": "第2个附件未填写名称"}},
		{name: "number-only attachment", edit: func(d *zhongshu.OutgoingDoc) { d.AttachmentNames = []string{"附件1："} },
			fields:   map[string]string{"attachments": "第1个附件未填写名称"},
			warnings: []string{"已去掉附件名称“附件1：”末尾的标点", "已去掉附件名称“附件1”前的序号，附件序号由系统编排"}},
		{name: "long attachment name", edit: func(d *zhongshu.OutgoingDoc) { d.AttachmentNames = []string{strings.Repeat("附", 101)} },
			fields: map[string]string{"attachments": "第1个附件的名称不能超过100个字"}},
		{name: "long note", edit: func(d *zhongshu.OutgoingDoc) { d.Note = "（" + strings.Repeat("注", 201) + "）" },
			fields: map[string]string{"note": "附注不能超过200个字"}, warnings: []string{"附注的括号由系统排版时加上，已去掉"}},
		{name: "long internal mark", edit: func(d *zhongshu.OutgoingDoc) { d.InternalMark = strings.Repeat("内", 21) },
			fields: map[string]string{"internal_mark": "内部标记不能超过20个字"}},
		{name: "negative copies", edit: func(d *zhongshu.OutgoingDoc) { d.Copies = -1 },
			fields: map[string]string{"copies": "印制份数应为1至9999"}},
		{name: "too many copies", edit: func(d *zhongshu.OutgoingDoc) { d.Copies = zhongshu.MaxCopies + 1 },
			fields: map[string]string{"copies": "印制份数应为1至9999"}},
		{name: "unknown urgency", edit: func(d *zhongshu.OutgoingDoc) { d.Urgency = 3 },
			fields: map[string]string{"urgency": "请选择紧急程度"}},

		{name: "several problems", edit: func(d *zhongshu.OutgoingDoc) { d.Title, d.Disclosure, d.Copies = "", "", -5 },
			fields: map[string]string{"title": "请填写标题", "disclosure": "请选择公开属性", "copies": "印制份数应为1至9999"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := draft()
			if tt.edit != nil {
				tt.edit(d)
			}
			warnings, err := d.Validate()
			checkFields(t, err, tt.fields)
			if diff := cmp.Diff(tt.warnings, warnings); diff != "" {
				t.Errorf("warnings mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOutgoingValidateClassified(t *testing.T) {
	for _, s := range []zhongshu.Secrecy{zhongshu.SecrecySecret, zhongshu.SecrecyConfidential, zhongshu.SecrecyTopSecret, "bogus"} {
		d := draft()
		d.Secrecy, d.Title = s, "" // refused before anything else is looked at
		warnings, err := d.Validate()
		if diff := cmp.Diff(map[string]string{"secrecy": zhongshu.ClassifiedMessage}, zhongshu.ErrorFields(err)); diff != "" {
			t.Errorf("%s: fields mismatch (-want +got):\n%s", s, diff)
		}
		if zhongshu.ErrorCode(err) != zhongshu.CodeInvalid || !strings.HasPrefix(zhongshu.ErrorMessage(err), zhongshu.ClassifiedMessage) {
			t.Errorf("%s: err = %v", s, err)
		}
		if warnings != nil {
			t.Errorf("%s: warnings = %v", s, warnings)
		}
	}
}

// TestOutgoingValidateNormalises checks the trims, the defaults and the
// warnings on a draft typed carelessly, and that the caller's lists are
// left alone.
func TestOutgoingValidateNormalises(t *testing.T) {
	in := &zhongshu.OutgoingDoc{Kind: zhongshu.KindLetter, Secrecy: "",
		Issuers: []zhongshu.Issuer{{UnitID: uOffice, Name: " 青川县人民政府办公室 "}},
		Title:   "  青川县人民政府办公室关于商请\n协助开展安全检查的函 ",
		MainTo:  []zhongshu.Recipient{{Name: " 广元市应急管理局： "}},
		CC:      []zhongshu.Recipient{{UnitID: uFinance, Name: "青川县财政局。"}},
		Body:    "\r\n　　为做好安全检查工作，  \r\n\r\n一、检查范围\t\r\n\n",
		AttachmentNames: []string{" 检查表。", "1.人员名单", "附件3：日程安排", "附件：经费预算；", "2026年检查计划",
			"1.5米以上设备清单"},
		Disclosure: zhongshu.DisclosureOnRequest, DisclosureReason: " 内部工作安排 ",
		Note: " （联系人：张三，电话：（0839）1234567） ", InternalMark: " 内部资料 ", Series: " 青政办函 ",
	}
	mainTo, attachments := in.MainTo, in.AttachmentNames
	d := *in
	warnings, err := d.Validate()
	if err != nil {
		t.Fatalf("Validate: %v", err)
	}
	want := &zhongshu.OutgoingDoc{Kind: zhongshu.KindLetter, Format: zhongshu.FormatLetter, Direction: zhongshu.DirectionParallel,
		Secrecy: zhongshu.SecrecyNone, Issuers: []zhongshu.Issuer{{UnitID: uOffice, Name: "青川县人民政府办公室"}},
		Title:  "青川县人民政府办公室关于商请协助开展安全检查的函",
		MainTo: []zhongshu.Recipient{{Name: "广元市应急管理局"}}, CC: []zhongshu.Recipient{{UnitID: uFinance, Name: "青川县财政局"}},
		Body:            "　　为做好安全检查工作，\n\n一、检查范围",
		AttachmentNames: []string{"检查表", "人员名单", "日程安排", "经费预算", "2026年检查计划", "1.5米以上设备清单"},
		Disclosure:      zhongshu.DisclosureOnRequest, DisclosureReason: "内部工作安排",
		Note: "联系人：张三，电话：（0839）1234567", InternalMark: "内部资料", Series: "青政办函",
	}
	if diff := cmp.Diff(want, &d); diff != "" {
		t.Errorf("normalised draft mismatch (-want +got):\n%s", diff)
	}
	wantWarnings := []string{
		"已去掉主送机关“广元市应急管理局：”末尾的标点",
		"已去掉抄送机关“青川县财政局。”末尾的标点",
		"已去掉附件名称“检查表。”末尾的标点",
		"已去掉附件名称“1.人员名单”前的序号，附件序号由系统编排",
		"已去掉附件名称“附件3：日程安排”前的序号，附件序号由系统编排",
		"已去掉附件名称“附件：经费预算；”末尾的标点",
		"已去掉附件名称“附件：经费预算”前的序号，附件序号由系统编排",
		"附注的括号由系统排版时加上，已去掉",
	}
	if diff := cmp.Diff(wantWarnings, warnings); diff != "" {
		t.Errorf("warnings mismatch (-want +got):\n%s", diff)
	}
	if mainTo[0].Name != " 广元市应急管理局： " || attachments[0] != " 检查表。" {
		t.Errorf("the caller's lists were changed: %+v %q", mainTo, attachments)
	}
}

func TestOutgoingValidateNote(t *testing.T) {
	tests := []struct {
		note, want string
		stripped   bool
	}{
		{"此件公开发布", "此件公开发布", false},
		{"（此件公开发布）", "此件公开发布", true},
		{"(此件公开发布)", "此件公开发布", true},
		{"（此件公开发布)", "此件公开发布", true},
		{"（此件公开发布）（联系人：张三）", "（此件公开发布）（联系人：张三）", false},
		{"（联系人：张三）电话", "（联系人：张三）电话", false},
		{"（）", "", true},
		{"（", "（", false},
	}
	for _, tt := range tests {
		d := draft()
		d.Note = tt.note
		warnings, err := d.Validate()
		if err != nil || d.Note != tt.want || (len(warnings) == 1) != tt.stripped {
			t.Errorf("note %q: got %q, warnings %v, err %v; want %q stripped %v", tt.note, d.Note, warnings, err, tt.want, tt.stripped)
		}
	}
}
