package web_test

// The 收文 API's rows of the authorization table. The walk seeds a 办件
// registered by wenshu and 交办 by zhuren to 县发改局 (fgj.lly's unit):
// duchayuan and xianzhang have no part in it and get 404 for it and its
// files; the administrators lack the business permission (403).
func init() {
	parties := []string{"wenshu", "zhuren", "fgj.lly"}
	outsiders := []string{"duchayuan", "xianzhang"}
	expectations["GET /api/v1/incoming"] = allow(business)
	expectations["POST /api/v1/incoming"] = only("wenshu") // the app refuses everyone but the 文书
	expectations["GET /api/v1/incoming/voided"] = only("wenshu", "zhuren")
	expectations["GET /api/v1/incoming/{id}"] = rule{allow: parties, unseen: outsiders}
	expectations["POST /api/v1/incoming/{id}/actions"] = rule{allow: parties, unseen: outsiders}
	expectations["POST /api/v1/incoming/{id}/files"] = rule{allow: parties, unseen: outsiders}
	expectations["GET /api/v1/incoming/{id}/files/{file}"] = rule{allow: parties, unseen: outsiders}
	// Only the 督查员 makes a 督办 item, and duchayuan does not see this
	// document: the parties are refused (403), the outsiders not told (404).
	expectations["POST /api/v1/incoming/{id}/supervise"] = rule{unseen: outsiders}
}
