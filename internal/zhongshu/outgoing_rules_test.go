package zhongshu_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// The units of the rule tests.
const (
	uCounty     = 1  // 青川县人民政府
	uOffice     = 2  // 青川县人民政府办公室
	uFinance    = 3  // 青川县财政局
	uReform     = 4  // 青川县发展和改革局
	uTown       = 5  // 乔庄镇人民政府
	uCityGov    = 6  // 广元市人民政府
	uCityFin    = 7  // 广元市财政局
	uCompany    = 8  // 青川县城乡建设投资有限公司
	uCongress   = 9  // 青川县人大常委会
	uSection    = 10 // 秘书科, under the office
	uCityOffice = 12 // 广元市人民政府办公室
)

var ruleUnits = map[int64]zhongshu.Unit{
	uCounty:     {ID: uCounty, Type: zhongshu.UnitCountyGov, FullName: "青川县人民政府", ShortName: "县政府"},
	uOffice:     {ID: uOffice, ParentID: uCounty, Type: zhongshu.UnitGovOffice, FullName: "青川县人民政府办公室", ShortName: "县政府办"},
	uFinance:    {ID: uFinance, ParentID: uCounty, Type: zhongshu.UnitDepartment, FullName: "青川县财政局", ShortName: "县财政局"},
	uReform:     {ID: uReform, ParentID: uCounty, Type: zhongshu.UnitDepartment, FullName: "青川县发展和改革局"},
	uTown:       {ID: uTown, ParentID: uCounty, Type: zhongshu.UnitTown, FullName: "乔庄镇人民政府"},
	uCityGov:    {ID: uCityGov, Type: zhongshu.UnitHigherOrgan, FullName: "广元市人民政府"},
	uCityFin:    {ID: uCityFin, Type: zhongshu.UnitHigherOrgan, FullName: "广元市财政局"},
	uCompany:    {ID: uCompany, Type: zhongshu.UnitOther, FullName: "青川县城乡建设投资有限公司"},
	uCongress:   {ID: uCongress, Type: zhongshu.UnitPeerOffice, FullName: "青川县人大常委会"},
	uSection:    {ID: uSection, ParentID: uOffice, Type: zhongshu.UnitSection, FullName: "秘书科"},
	uCityOffice: {ID: uCityOffice, Type: zhongshu.UnitHigherOrgan, FullName: "广元市人民政府办公室"},
}

func ruleEnv() zhongshu.RuleEnv {
	return zhongshu.RuleEnv{CountyGovID: uCounty, RestrictedSenders: []int64{uCompany},
		Unit: func(id int64) (zhongshu.Unit, bool) { u, ok := ruleUnits[id]; return u, ok }}
}

func rcp(id int64) zhongshu.Recipient {
	return zhongshu.Recipient{UnitID: id, Name: ruleUnits[id].FullName}
}

func issuer(id int64) []zhongshu.Issuer {
	return []zhongshu.Issuer{{UnitID: id, Name: ruleUnits[id].FullName}}
}

// cleanNotice is a 通知 of the office that no rule objects to.
func cleanNotice() *zhongshu.OutgoingDoc {
	return &zhongshu.OutgoingDoc{Kind: zhongshu.KindNotice, Format: zhongshu.FormatGeneral, Direction: zhongshu.DirectionDown,
		Issuers: issuer(uOffice), Title: "青川县人民政府办公室关于做好安全生产工作的通知",
		MainTo: []zhongshu.Recipient{rcp(uFinance), {Name: "各乡镇人民政府"}}, CC: []zhongshu.Recipient{rcp(uReform)},
		Body:       "为做好安全生产工作，现通知如下。\n一、提高认识\n各单位要高度重视。\n二、强化排查\n（一）全面排查。\n1.重点行业。",
		Disclosure: zhongshu.DisclosureActive, Sealed: true, Status: zhongshu.OutgoingDrafting}
}

// cleanRequest is a 请示 of the 财政局 to the county government that no rule
// objects to.
func cleanRequest() *zhongshu.OutgoingDoc {
	return &zhongshu.OutgoingDoc{Kind: zhongshu.KindRequest, Format: zhongshu.FormatGeneral, Direction: zhongshu.DirectionUp,
		Issuers: issuer(uFinance), Title: "青川县财政局关于申请安排专项资金的请示", MainTo: []zhongshu.Recipient{rcp(uCounty)},
		Body:       "为做好防汛工作，拟申请安排专项资金100万元。\n妥否，请批示。",
		Disclosure: zhongshu.DisclosureNotDisclosed, DisclosureReason: "上报的请示", Sealed: true, Status: zhongshu.OutgoingDrafting}
}

func warnF(rule, field, msg string) zhongshu.Finding {
	return zhongshu.Finding{Rule: rule, Field: field, Message: msg}
}

func blockF(rule, field, msg string) zhongshu.Finding {
	return zhongshu.Finding{Rule: rule, Field: field, Message: msg, Blocking: true}
}

func TestCheckOutgoing(t *testing.T) {
	notice, request := cleanNotice, cleanRequest
	report := func() *zhongshu.OutgoingDoc {
		d := cleanRequest()
		d.Kind, d.Title, d.Body = zhongshu.KindReport, "青川县财政局关于专项资金使用情况的报告", "现将专项资金使用情况报告如下。"
		return d
	}
	signed := []zhongshu.Signature{{LeaderID: 7, ByID: 7, At: time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC)}}
	tests := []struct {
		name string
		base func() *zhongshu.OutgoingDoc
		edit func(d *zhongshu.OutgoingDoc)
		env  func(e *zhongshu.RuleEnv)
		want []zhongshu.Finding
	}{
		{name: "clean notice", base: notice},
		{name: "clean request", base: request},
		{name: "no units on file", base: notice, env: func(e *zhongshu.RuleEnv) { *e = zhongshu.RuleEnv{} }},

		// 密级标志 (§10.4).
		{name: "secrecy mark in body", base: notice, edit: func(d *zhongshu.OutgoingDoc) { d.Body = "机密★1年\n" + d.Body },
			want: []zhongshu.Finding{blockF("secrecy_mark", "body", "正文含有密级标志“机密★”：涉密事项请通过机要渠道办理，本系统不得处理涉密公文")}},
		{name: "secrecy mark in title and attachment", base: notice, edit: func(d *zhongshu.OutgoingDoc) {
			d.Title = "绝密★" + d.Title
			d.AttachmentNames = []string{"秘密★名单"}
		}, want: []zhongshu.Finding{
			blockF("secrecy_mark", "title", "标题含有密级标志“绝密★”：涉密事项请通过机要渠道办理，本系统不得处理涉密公文"),
			blockF("secrecy_mark", "attachments", "附件名称含有密级标志“秘密★”：涉密事项请通过机要渠道办理，本系统不得处理涉密公文"),
			warnF("title_issuer", "title", "标题一般由发文机关名称、事由和文种组成，宜以“青川县人民政府办公室”开头"),
		}},

		// 标题 (§4.4 item 1).
		{name: "title ends with punctuation", base: notice, edit: func(d *zhongshu.OutgoingDoc) { d.Title += "。" },
			want: []zhongshu.Finding{blockF("title_punct", "title", "标题末尾不加标点符号")}},
		{name: "title ends with another kind", base: notice, edit: func(d *zhongshu.OutgoingDoc) {
			d.Title = "青川县人民政府办公室关于安全生产工作的通报"
		}, want: []zhongshu.Finding{blockF("title_kind", "title", "标题应以文种“通知”结尾")}},
		{name: "stacked kinds", base: report, edit: func(d *zhongshu.OutgoingDoc) {
			d.Title = "青川县财政局关于专项资金使用情况的请示报告"
		}, want: []zhongshu.Finding{warnF("title_stacked", "title", "标题不应叠用文种“请示报告”，只保留“报告”")}},
		{name: "order ends with 令", base: notice, edit: func(d *zhongshu.OutgoingDoc) {
			d.Kind, d.Format, d.Title = zhongshu.KindOrder, zhongshu.FormatOrder, "青川县人民政府令"
		}},
		{name: "order without 令", base: notice, edit: func(d *zhongshu.OutgoingDoc) {
			d.Kind, d.Format, d.Title = zhongshu.KindOrder, zhongshu.FormatOrder, "青川县人民政府关于表彰先进集体的决定"
		}, want: []zhongshu.Finding{blockF("title_kind", "title", "标题应以文种“命令”或“令”结尾")}},
		{name: "order ends with 命令", base: notice, edit: func(d *zhongshu.OutgoingDoc) {
			d.Kind, d.Format, d.Title = zhongshu.KindOrder, zhongshu.FormatOrder, "青川县人民政府关于表彰抗洪抢险先进集体的命令"
		}},
		{name: "title without issuer", base: notice, edit: func(d *zhongshu.OutgoingDoc) { d.Title = "关于做好安全生产工作的通知" },
			want: []zhongshu.Finding{warnF("title_issuer", "title", "标题一般由发文机关名称、事由和文种组成，宜以“青川县人民政府办公室”开头")}},
		{name: "title with issuer's short name", base: notice, edit: func(d *zhongshu.OutgoingDoc) { d.Title = "县政府办关于做好安全生产工作的通知" }},
		{name: "title without 关于", base: notice, edit: func(d *zhongshu.OutgoingDoc) {
			d.Title = "青川县人民政府办公室做好安全生产工作的通知"
		},
			want: []zhongshu.Finding{warnF("title_guanyu", "title", "标题一般写作“发文机关关于……的通知”，缺少“关于”")}},
		{name: "announcement needs no 关于", base: notice, edit: func(d *zhongshu.OutgoingDoc) {
			d.Kind, d.Title = zhongshu.KindAnnouncement, "青川县人民政府办公室公告"
		}},

		// 文种, 版式 and 行文方向 (§3.1, §4.5).
		{name: "order format for a notice", base: notice, edit: func(d *zhongshu.OutgoingDoc) { d.Format = zhongshu.FormatOrder },
			want: []zhongshu.Finding{warnF("format_kind", "format", "版式“命令格式”与文种“通知”不符")}},
		{name: "letter sent down", base: notice, edit: func(d *zhongshu.OutgoingDoc) {
			d.Kind, d.Title = zhongshu.KindLetter, "青川县人民政府办公室关于商请协助开展安全检查的函"
		}, want: []zhongshu.Finding{warnF("direction_kind", "direction", "“函”一般为平行文，请核对行文方向")}},
		{name: "request sent down", base: request, edit: func(d *zhongshu.OutgoingDoc) { d.Direction = zhongshu.DirectionDown },
			want: []zhongshu.Finding{warnF("direction_kind", "direction", "“请示”一般为上行文，请核对行文方向")}},
		{name: "empty body", base: notice, edit: func(d *zhongshu.OutgoingDoc) { d.Body = " \n " },
			want: []zhongshu.Finding{blockF("body_required", "body", "请填写正文")}},
		{name: "reply without its request", base: notice, edit: func(d *zhongshu.OutgoingDoc) {
			d.Kind, d.Title = zhongshu.KindReply, "青川县人民政府办公室关于同意调整预算的批复"
		}, want: []zhongshu.Finding{warnF("reply_link", "reply_to", "批复应关联所答复的请示")}},
		{name: "reply with its request", base: notice, edit: func(d *zhongshu.OutgoingDoc) {
			d.Kind, d.Title, d.ReplyToIncoming = zhongshu.KindReply, "青川县人民政府办公室关于同意调整预算的批复", 42
		}},
		{name: "motion of a department", base: request, edit: func(d *zhongshu.OutgoingDoc) {
			d.Kind, d.Title, d.MainTo = zhongshu.KindMotion, "青川县财政局关于提请审议2026年预算调整方案的议案", []zhongshu.Recipient{rcp(uCongress)}
			d.Body = "现提请审议。"
		}, want: []zhongshu.Finding{warnF("motion_issuer", "issuers", "议案由人民政府按照法律程序向同级人大或其常委会提请审议，青川县财政局不能提出议案")}},

		// 主送 (§3.3 rows 1 and 5, §4.4 item 2).
		{name: "request without 主送", base: request, edit: func(d *zhongshu.OutgoingDoc) { d.MainTo = nil },
			want: []zhongshu.Finding{blockF("request_single_main_to", "main_to", "请示应当主送一个上级机关")}},
		{name: "request to two organs", base: request, edit: func(d *zhongshu.OutgoingDoc) { d.MainTo = append(d.MainTo, rcp(uOffice)) },
			want: []zhongshu.Finding{blockF("request_single_main_to", "main_to", "请示只能主送一个上级机关，现主送2个：青川县人民政府、青川县人民政府办公室")}},
		{name: "report to two organs", base: report, edit: func(d *zhongshu.OutgoingDoc) {
			d.MainTo = append(d.MainTo, zhongshu.Recipient{UnitID: uOffice})
		}, want: []zhongshu.Finding{warnF("upward_single_main_to", "main_to", "上行文原则上主送一个上级机关，现主送2个：青川县人民政府、青川县人民政府办公室")}},
		{name: "notice without 主送", base: notice, edit: func(d *zhongshu.OutgoingDoc) { d.MainTo = nil },
			want: []zhongshu.Finding{warnF("main_to_required", "main_to", "请填写主送机关")}},
		{name: "request to a leader", base: request, edit: func(d *zhongshu.OutgoingDoc) { d.MainTo = []zhongshu.Recipient{{Name: "何副县长"}} },
			want: []zhongshu.Finding{warnF("main_to_person", "main_to", "主送“何副县长”像是个人：除领导直接交办外，不得以本机关名义向上级机关负责人个人报送公文")}},
		{name: "notice to a name", base: notice, edit: func(d *zhongshu.OutgoingDoc) {
			d.MainTo = append(d.MainTo, zhongshu.Recipient{Name: "王芳"}, zhongshu.Recipient{Name: "县妇联"}, zhongshu.Recipient{Name: "县委"})
		}, want: []zhongshu.Finding{warnF("main_to_person", "main_to", "主送“王芳”像是个人：除领导直接交办外，不得以本机关名义向上级机关负责人个人报送公文")}},
		{name: "notice down to a higher organ", base: notice, edit: func(d *zhongshu.OutgoingDoc) { d.MainTo = append(d.MainTo, rcp(uCityFin)) },
			want: []zhongshu.Finding{warnF("direction_main_to", "main_to", "下行文不应主送上级机关“广元市财政局”，请核对行文方向")}},
		{name: "request of the office up to a town", base: request, edit: func(d *zhongshu.OutgoingDoc) {
			d.Issuers, d.Title, d.MainTo = issuer(uOffice), "青川县人民政府办公室关于申请安排专项资金的请示", []zhongshu.Recipient{rcp(uTown)}
		}, want: []zhongshu.Finding{warnF("direction_main_to", "main_to", "上行文不应主送下级机关“乔庄镇人民政府”，请核对行文方向")}},
		{name: "recipients ending with punctuation", base: notice, edit: func(d *zhongshu.OutgoingDoc) {
			d.MainTo[1].Name = "各乡镇人民政府："
			d.CC[0].Name = "青川县发展和改革局。"
		}, want: []zhongshu.Finding{
			blockF("recipient_punct", "main_to", "主送机关“各乡镇人民政府：”末尾不加标点，“：”和“。”由系统排版时加上"),
			blockF("recipient_punct", "cc", "抄送机关“青川县发展和改革局。”末尾不加标点，“：”和“。”由系统排版时加上"),
		}},

		// 上行文 (§3.3 rows 1, 2, 6, 7).
		{name: "upward copies to subordinates", base: request, edit: func(d *zhongshu.OutgoingDoc) {
			d.Issuers, d.Title = issuer(uOffice), "青川县人民政府办公室关于申请安排专项资金的请示"
			d.MainTo = []zhongshu.Recipient{rcp(uCityOffice)}
			d.CC = []zhongshu.Recipient{rcp(uCityGov), rcp(uSection), {UnitID: uFinance}, {Name: "各乡镇人民政府"}, {Name: "县政府各部门"}}
		}, want: []zhongshu.Finding{
			blockF("upward_cc_subordinate", "cc", "上行文不得抄送下级机关：“秘书科”"),
			blockF("upward_cc_subordinate", "cc", "上行文不得抄送下级机关：“青川县财政局”"),
			blockF("upward_cc_subordinate", "cc", "上行文不得抄送下级机关：“各乡镇人民政府”"),
			blockF("upward_cc_subordinate", "cc", "上行文不得抄送下级机关：“县政府各部门”"),
		}},
		{name: "department copies a peer on a request", base: request, edit: func(d *zhongshu.OutgoingDoc) {
			d.CC = []zhongshu.Recipient{rcp(uReform)}
		}},
		{name: "department to its superior department", base: request, edit: func(d *zhongshu.OutgoingDoc) {
			d.MainTo = []zhongshu.Recipient{rcp(uCityFin)}
		}, want: []zhongshu.Finding{
			warnF("upper_agreed", "upper_agreed", "部门向上级主管部门请示、报告重大事项，应当经本级政府同意或者授权；如已同意请勾选（青川县财政局→广元市财政局）"),
			warnF("dual_leadership", "cc", "受双重领导的机关向一个上级机关行文，必要时抄送另一个上级机关（青川县人民政府）"),
		}},
		{name: "department to its superior department, agreed and copied", base: request, edit: func(d *zhongshu.OutgoingDoc) {
			d.MainTo, d.CC, d.UpperAgreed = []zhongshu.Recipient{rcp(uCityFin)}, []zhongshu.Recipient{{Name: "县政府"}}, true
		}},
		{name: "department skipping the county", base: request, edit: func(d *zhongshu.OutgoingDoc) {
			d.MainTo, d.UpperAgreed = []zhongshu.Recipient{rcp(uCityGov)}, true
		}, want: []zhongshu.Finding{blockF("skip_level", "cc", "青川县财政局越过青川县人民政府向广元市人民政府行文，越级行文仅限特殊情况，并应抄送被越过的机关青川县人民政府")}},
		{name: "town skipping the county", base: report, edit: func(d *zhongshu.OutgoingDoc) {
			d.Issuers, d.Title, d.MainTo = issuer(uTown), "乔庄镇人民政府关于洪涝灾害情况的报告", []zhongshu.Recipient{rcp(uCityGov)}
		}, want: []zhongshu.Finding{blockF("skip_level", "cc", "乔庄镇人民政府越过青川县人民政府向广元市人民政府行文，越级行文仅限特殊情况，并应抄送被越过的机关青川县人民政府")}},
		{name: "town skipping the county, copied", base: report, edit: func(d *zhongshu.OutgoingDoc) {
			d.Issuers, d.Title, d.MainTo = issuer(uTown), "乔庄镇人民政府关于洪涝灾害情况的报告", []zhongshu.Recipient{rcp(uCityGov)}
			d.CC = []zhongshu.Recipient{rcp(uOffice)}
		}},

		// The county's routing rules (§3.3 rows 8 and 9).
		{name: "restricted sender to the county", base: request, edit: func(d *zhongshu.OutgoingDoc) {
			d.Issuers, d.Title = issuer(uCompany), "青川县城乡建设投资有限公司关于申请安排专项资金的请示"
		}, want: []zhongshu.Finding{blockF("restricted_sender", "main_to", "青川县城乡建设投资有限公司不得直接向青川县人民政府报送公文，请通过主管部门行文")}},
		{name: "restricted sender copying the county by name", base: request, edit: func(d *zhongshu.OutgoingDoc) {
			d.Issuers, d.Title = issuer(uCompany), "青川县城乡建设投资有限公司关于申请安排专项资金的请示"
			d.MainTo, d.CC = []zhongshu.Recipient{rcp(uFinance)}, []zhongshu.Recipient{{Name: "县政府"}}
		}, want: []zhongshu.Finding{blockF("restricted_sender", "cc", "青川县城乡建设投资有限公司不得直接向青川县人民政府报送公文，请通过主管部门行文")}},
		{name: "sender not restricted here", base: request, edit: func(d *zhongshu.OutgoingDoc) {
			d.Issuers, d.Title = issuer(uCompany), "青川县城乡建设投资有限公司关于申请安排专项资金的请示"
		}, env: func(e *zhongshu.RuleEnv) { e.RestrictedSenders = nil }},
		{name: "department directing towns", base: notice, edit: func(d *zhongshu.OutgoingDoc) {
			d.Issuers, d.Title = issuer(uFinance), "青川县财政局关于做好安全生产工作的通知"
			d.MainTo = []zhongshu.Recipient{rcp(uTown), {Name: "各乡镇人民政府"}, rcp(uReform)}
		}, want: []zhongshu.Finding{warnF("department_directive", "main_to", "部门不得向下级人民政府发布指令性公文（青川县财政局→乔庄镇人民政府、各乡镇人民政府）；确需行文的，可报请县政府或县政府办公室发文，或改用函")}},
		{name: "department with the office directing towns", base: notice, edit: func(d *zhongshu.OutgoingDoc) {
			d.Issuers = append(issuer(uFinance), issuer(uOffice)...)
			d.Title = "青川县财政局　青川县人民政府办公室关于做好安全生产工作的通知"
		}},
		{name: "department letter to a town", base: notice, edit: func(d *zhongshu.OutgoingDoc) {
			d.Kind, d.Direction, d.Issuers, d.Title = zhongshu.KindLetter, zhongshu.DirectionParallel, issuer(uFinance), "青川县财政局关于商请提供资料的函"
		}},

		// 请示 and 报告 (§3.3 rows 3 and 4).
		{name: "request forwarding in the title", base: request, edit: func(d *zhongshu.OutgoingDoc) {
			d.Title = "青川县财政局关于转报乔庄镇资金申请的请示"
		},
			want: []zhongshu.Finding{warnF("forward_request", "title", "下级请示需转报上级机关的，应当提出倾向性意见，不得原文转报")}},
		{name: "request forwarding in the body", base: request, edit: func(d *zhongshu.OutgoingDoc) {
			d.Body = "现将乔庄镇的请示转报你们。\n妥否，请批示。"
		},
			want: []zhongshu.Finding{warnF("forward_request", "body", "下级请示需转报上级机关的，应当提出倾向性意见，不得原文转报")}},
		{name: "request with two matters", base: request, edit: func(d *zhongshu.OutgoingDoc) {
			d.Body = "拟申请安排专项资金100万元，妥否，请批示。\n\n另拟增加编制2名，请审批。"
		}, want: []zhongshu.Finding{warnF("one_matter", "body", "请示应当一文一事：第1段“妥否”、第2段“请审批”都提出了请示事项，请确认只请示一件事")}},
		{name: "report asking for instructions", base: report, edit: func(d *zhongshu.OutgoingDoc) { d.Body += "\n以上报告，请批示。" },
			want: []zhongshu.Finding{warnF("report_request", "body", "报告中不得夹带请示事项：第2段“请批示”")}},

		// 签发人 and 印章 (§4.4 items 5 and 6).
		{name: "upward at recheck unsigned", base: request, edit: func(d *zhongshu.OutgoingDoc) {
			d.Status, d.Signatures = zhongshu.OutgoingRecheck, []zhongshu.Signature{{LeaderID: 7}}
		}, want: []zhongshu.Finding{blockF("signer_required", "signatures", "上行文应当标注签发人，该文尚无领导签发")}},
		{name: "upward registered unsigned", base: request, edit: func(d *zhongshu.OutgoingDoc) { d.Status = zhongshu.OutgoingRegistered },
			want: []zhongshu.Finding{blockF("signer_required", "signatures", "上行文应当标注签发人，该文尚无领导签发")}},
		{name: "upward at recheck signed", base: request, edit: func(d *zhongshu.OutgoingDoc) {
			d.Status, d.Signatures = zhongshu.OutgoingRecheck, signed
		}},
		{name: "upward still signing", base: request, edit: func(d *zhongshu.OutgoingDoc) { d.Status = zhongshu.OutgoingSigning }},
		{name: "upward withdrawn", base: request, edit: func(d *zhongshu.OutgoingDoc) { d.Status = zhongshu.OutgoingWithdrawn }},
		{name: "downward at recheck unsigned", base: notice, edit: func(d *zhongshu.OutgoingDoc) { d.Status = zhongshu.OutgoingRecheck }},
		{name: "sealed minutes", base: notice, edit: func(d *zhongshu.OutgoingDoc) {
			d.Kind, d.Format, d.Title, d.MainTo = zhongshu.KindMinutes, zhongshu.FormatMinutes, "青川县人民政府常务会议纪要", nil
		}, want: []zhongshu.Finding{blockF("minutes_seal", "sealed", "纪要不加盖印章")}},

		// 附件说明 (§4.4 item 3).
		{name: "attachment names", base: notice, edit: func(d *zhongshu.OutgoingDoc) {
			d.AttachmentNames = []string{"安全生产检查表", "隐患清单。", "1.责任分工", "附件3：联系人名单"}
		}, want: []zhongshu.Finding{
			blockF("attachment_punct", "attachments", "附件名称“隐患清单。”末尾不加标点符号"),
			warnF("attachment_number", "attachments", "附件名称“1.责任分工”前不加序号，附件序号由系统编排"),
			warnF("attachment_number", "attachments", "附件名称“附件3：联系人名单”前不加序号，附件序号由系统编排"),
		}},

		// 公开属性 (§3.8).
		{name: "public with an internal mark", base: notice, edit: func(d *zhongshu.OutgoingDoc) { d.InternalMark = "内部资料 注意保存" },
			want: []zhongshu.Finding{warnF("disclosure_internal", "disclosure", "主动公开的公文不应标注内部标记“内部资料 注意保存”，请核对公开属性")}},
		{name: "public request", base: request, edit: func(d *zhongshu.OutgoingDoc) { d.Disclosure = zhongshu.DisclosureActive },
			want: []zhongshu.Finding{warnF("disclosure_upward", "disclosure", "上报的请示、报告一般不予公开，请核对公开属性")}},

		// Several rules: the order is fixed.
		{name: "stable order", base: request, edit: func(d *zhongshu.OutgoingDoc) {
			d.Title = "关于申请资金的请示。"
			d.MainTo = append(d.MainTo, zhongshu.Recipient{Name: "张明"})
			d.Body = "一、资金用途\n1.防汛。\n妥否，请批示。"
			d.Disclosure = zhongshu.DisclosureActive
		}, want: []zhongshu.Finding{
			blockF("title_punct", "title", "标题末尾不加标点符号"),
			warnF("title_issuer", "title", "标题一般由发文机关名称、事由和文种组成，宜以“青川县财政局”开头"),
			blockF("request_single_main_to", "main_to", "请示只能主送一个上级机关，现主送2个：青川县人民政府、张明"),
			warnF("main_to_person", "main_to", "主送“张明”像是个人：除领导直接交办外，不得以本机关名义向上级机关负责人个人报送公文"),
			warnF("disclosure_upward", "disclosure", "上报的请示、报告一般不予公开，请核对公开属性"),
			warnF("heading_skip", "body", "第2段“1.”：结构层次应依次使用“一、”“（一）”“1.”“（1）”，此处跳过了“（一）”一层"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.base()
			if tt.edit != nil {
				tt.edit(d)
			}
			env := ruleEnv()
			if tt.env != nil {
				tt.env(&env)
			}
			if diff := cmp.Diff(tt.want, zhongshu.CheckOutgoing(d, env)); diff != "" {
				t.Errorf("findings mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBlockingFindings(t *testing.T) {
	tests := []struct {
		name    string
		fs      []zhongshu.Finding
		message string
		fields  map[string]string
	}{
		{name: "none"},
		{name: "warnings only", fs: []zhongshu.Finding{warnF("title_guanyu", "title", "缺少“关于”")}},
		{name: "blocking", fs: []zhongshu.Finding{
			blockF("title_punct", "title", "标题末尾不加标点符号"),
			warnF("title_guanyu", "title", "缺少“关于”"),
			blockF("recipient_punct", "cc", "抄送甲末尾不加标点"),
			blockF("title_kind", "title", "标题应以文种“通知”结尾"),
		},
			message: "公文不符合行文规则，请修改后重试：标题末尾不加标点符号；抄送甲末尾不加标点；标题应以文种“通知”结尾。",
			fields:  map[string]string{"title": "标题末尾不加标点符号；标题应以文种“通知”结尾", "cc": "抄送甲末尾不加标点"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := zhongshu.BlockingFindings(tt.fs)
			if tt.fields == nil {
				if err != nil {
					t.Fatalf("BlockingFindings = %v, want nil", err)
				}
				return
			}
			if zhongshu.ErrorCode(err) != zhongshu.CodeInvalid || zhongshu.ErrorMessage(err) != tt.message {
				t.Errorf("BlockingFindings = %v, want invalid %q", err, tt.message)
			}
			if diff := cmp.Diff(tt.fields, zhongshu.ErrorFields(err)); diff != "" {
				t.Errorf("fields mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
