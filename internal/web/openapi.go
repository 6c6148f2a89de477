package web

// The OpenAPI 3.0.3 description of the JSON API, built on each request from
// the route table: every API route is an operation, with its summary, path
// parameters and access rule as registered. Bodies are described by
// reflecting over the very DTO structs the handlers encode and decode, so
// the document cannot drift from the wire format; apiDocs adds what the
// route table does not know (query parameters, which DTO goes where).

import (
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/zhongshu-oa/zhongshu/internal/orgimport"
	"github.com/zhongshu-oa/zhongshu/internal/search"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, s.openAPI())
	return nil
}

// opDoc is what the document says about one operation beyond the route.
type opDoc struct {
	query     []map[string]any     // query parameters
	body      reflect.Type         // JSON request body
	upload    string               // multipart file field, for uploads
	uploadDoc string               // what the file field takes; "" is .xlsx or .csv
	download  bool                 // success is the file's bytes; resp, if set, the JSON alternative
	resp      reflect.Type         // success response body
	raw       map[string]any       // success response schema when not a DTO
	status    int                  // success status; 0 is 200
	also      map[int]reflect.Type // further documented statuses
	note      string               // description
}

func tp[T any]() reflect.Type { return reflect.TypeFor[T]() }

// queryParam describes a query parameter of the given schema.
func queryParam(name string, schema map[string]any, doc string) map[string]any {
	return map[string]any{"name": name, "in": "query", "required": false, "schema": schema, "description": doc}
}

func intSchema() map[string]any {
	return map[string]any{"type": "integer", "format": "int64", "minimum": 1}
}
func strSchema() map[string]any  { return map[string]any{"type": "string"} }
func boolSchema() map[string]any { return map[string]any{"type": "boolean"} }
func dateSchema() map[string]any { return map[string]any{"type": "string", "format": "date"} }
func enumSchema(t reflect.Type) map[string]any {
	return map[string]any{"type": "string", "enum": enumValues(t)}
}

func pagingParams() []map[string]any {
	return []map[string]any{
		queryParam("offset", map[string]any{"type": "integer", "minimum": 0, "default": 0}, "跳过的记录数"),
		queryParam("limit", map[string]any{"type": "integer", "minimum": 0, "maximum": zhongshu.MaxPageSize, "default": zhongshu.DefaultPageSize},
			fmt.Sprintf("每页条数；0 或省略为 %d，超过 %d 按 %d", zhongshu.DefaultPageSize, zhongshu.MaxPageSize, zhongshu.MaxPageSize)),
	}
}

// apiDocs describes the operations, keyed by "METHOD pattern" as in the
// route table.
func apiDocs() map[string]opDoc {
	page := pagingParams()
	with := func(ps ...map[string]any) []map[string]any { return append(slices.Clone(page), ps...) }
	return map[string]opDoc{
		"GET /api/v1/openapi.json": {raw: map[string]any{"type": "object", "description": "OpenAPI 3.0.3 文档"}, note: "无需令牌。"},
		"GET /api/v1/me":           {resp: tp[meJSON]()},
		"GET /api/v1/work": {resp: tp[workListJSON](), query: with(
			queryParam("kind", map[string]any{"type": "string", "enum": []any{"todo", "toread", "done"}, "default": "todo"}, "todo 待办，toread 待阅，done 已办")),
			note: "包括委托给本人、委托生效中的工作；按紧急程度和时限排序。"},
		"GET /api/v1/notifications": {resp: tp[listJSON[notificationJSON]](), query: page[1:],
			note: "返回最新的 limit 条通知；不支持 offset，total 为本次返回的条数。"},
		"POST /api/v1/notifications/{id}/read": {resp: tp[notificationJSON](), note: "只能标记本人的通知；他人的通知返回 404。"},
		"POST /api/v1/notifications/read-all":  {resp: tp[unreadJSON]()},
		"GET /api/v1/ledger": {resp: tp[ledgerJSON](), query: with(
			queryParam("kind", enumSchema(tp[zhongshu.FlagKind]()), "类别：held 压，late 误（超期），overnight 误（文过夜），missed 漏"),
			queryParam("unit_id", intSchema(), "承办单位编号（仅可查看全办台账者）"),
			queryParam("cleared", boolSchema(), "true 或 1 时列出已销账的记录；默认列出在册的")),
			note: "范围由权限决定：办公室领导和督查员看全办，科长看本单位，其他人看本人名下的。在册记录按登记时间排列（持续最久的在前），已销账的按销账时间倒序。"},
		"GET /api/v1/supervision/stats": {resp: tp[supervisionStatsJSON](), query: with(
			queryParam("period", strSchema(), "month 月度，quarter 季度（默认），year 年度，custom 自定义"),
			queryParam("year", intSchema(), "年份"), queryParam("n", intSchema(), "月份或季度序号"),
			queryParam("from", strSchema(), "自定义起始日期 YYYY-MM-DD"), queryParam("to", strSchema(), "自定义截止日期 YYYY-MM-DD（含）"),
			queryParam("by", strSchema(), "unit 按主办单位（默认），leader 按分管领导，source 按来源"),
			queryParam("ext", strSchema(), "0 时批准延期不视为按期；默认视为按期")),
			note: "按期办结率从高到低排名，相同时超期未办结少者在前。"},
		"GET /api/v1/search": {resp: tp[searchJSON](), query: []map[string]any{
			{"name": "q", "in": "query", "required": true, "schema": map[string]any{"type": "string", "maxLength": search.MaxQuery},
				"description": "检索词：空格分隔的词须同时出现；引号内为完整短语；整个检索词为文号（发文字号、收文号，任意括号）时该文排在最前。1个字也能查"},
			queryParam("offset", map[string]any{"type": "integer", "minimum": 0, "default": 0}, "跳过的条数"),
			queryParam("limit", map[string]any{"type": "integer", "minimum": 0, "maximum": maxSearchLimit, "default": findPageSize},
				fmt.Sprintf("每页条数；0 或省略为 %d，超过 %d 按 %d", findPageSize, maxSearchLimit, maxSearchLimit)),
			{"name": "module", "in": "query", "required": false, "style": "form", "explode": true,
				"schema":      map[string]any{"type": "array", "items": map[string]any{"type": "string", "enum": []any{"incoming", "outgoing", "supervision"}}},
				"description": "模块：incoming 收文，outgoing 发文，supervision 督办；可重复，或以逗号分隔"},
			queryParam("kind", strSchema(), "文种（收文）或来源（督办），取 facets.kind 的 value"),
			queryParam("party", strSchema(), "来文机关或主办单位，以此开头"),
			queryParam("status", strSchema(), "状态，取 facets.status 的 value"),
			queryParam("urgency", map[string]any{"type": "integer", "enum": []any{1, 2}}, "1 加急及以上，2 特急"),
			queryParam("from", dateSchema(), "日期自（含），北京时间，YYYY-MM-DD"),
			queryParam("to", dateSchema(), "日期至（含），北京时间，YYYY-MM-DD")},
			note: "只检索本人有权查看的收文和督办事项：条数、摘要和分面都不含其他记录。管理员账号不能检索（403）。"},
		"GET /api/v1/units": {resp: tp[listJSON[unitJSON]](), query: with(
			queryParam("q", strSchema(), "按全称或简称查找"),
			queryParam("type", enumSchema(tp[zhongshu.UnitType]()), "单位类型"),
			queryParam("parent_id", intSchema(), "上级单位编号"),
			queryParam("active", boolSchema(), "是否启用"))},
		"POST /api/v1/units":     {body: tp[unitJSON](), resp: tp[unitJSON](), status: http.StatusCreated},
		"GET /api/v1/units/{id}": {resp: tp[unitJSON]()},
		"PUT /api/v1/units/{id}": {body: tp[unitJSON](), resp: tp[unitJSON](), note: "提交完整的单位信息；只读字段将被忽略。"},
		"GET /api/v1/users": {resp: tp[listJSON[userJSON]](), query: with(
			queryParam("q", strSchema(), "按姓名或登录名查找"),
			queryParam("unit_id", intSchema(), "任职单位编号"),
			queryParam("role", enumSchema(tp[zhongshu.Role]()), "角色"),
			queryParam("status", enumSchema(tp[zhongshu.UserStatus]()), "账号状态"))},
		"POST /api/v1/users": {body: tp[userJSON](), resp: tp[userCreatedJSON](), status: http.StatusCreated,
			note: "返回的一次性密码仅出现这一次。角色须由安全管理员另行授予。"},
		"GET /api/v1/users/{id}": {resp: tp[userJSON]()},
		"PUT /api/v1/users/{id}": {body: tp[userJSON](), resp: tp[userJSON](),
			note: "提交完整的人员信息（含状态和任职）；角色、AB角和只读字段将被忽略。停用账号会结束其全部会话。"},
		"PUT /api/v1/users/{id}/roles": {body: tp[rolesInput](), resp: tp[userJSON](),
			note: "替换全部角色。不能修改本人的角色；三员角色互斥，且不能与业务角色同时授予。"},
		"PUT /api/v1/users/{id}/ab-partner": {body: tp[abInput](), resp: tp[userJSON](), note: "双方原有的AB角关系随之解除。"},
		"POST /api/v1/users/{id}/reset-password": {resp: tp[userCreatedJSON](),
			note: "返回的一次性密码仅出现这一次；该人员的会话全部结束，下次登录须修改密码。"},
		"POST /api/v1/users/{id}/unlock":     {resp: tp[userJSON]()},
		"POST /api/v1/users/{id}/reset-totp": {resp: tp[userJSON](), note: "该人员的会话全部结束。"},
		"GET /api/v1/delegations": {resp: tp[listJSON[delegationJSON]](), query: with(
			queryParam("all", boolSchema(), "true 列出全部委托（须有管理全部委托的权限）；默认列出本人委托和受托的，无业务角色者默认全部"))},
		"POST /api/v1/delegations":             {body: tp[delegationInput](), resp: tp[delegationJSON](), status: http.StatusCreated, note: "受托人会收到通知。"},
		"POST /api/v1/delegations/{id}/revoke": {resp: tp[revokedJSON]()},
		"POST /api/v1/import": {upload: "file", resp: tp[importReportJSON](), also: map[int]reflect.Type{http.StatusUnprocessableEntity: tp[importReportJSON]()},
			query: []map[string]any{
				{"name": "kind", "in": "query", "required": true, "schema": enumSchema(tp[orgimport.Kind]()), "description": "units 单位，people 人员"},
				queryParam("dry_run", boolSchema(), "true 或 1 时只校验、不导入"),
			},
			note: "上传 .xlsx 或 .csv 文件。任何一行有错时不导入任何行，返回 422 和逐行的问题；全部无误时导入（或仅校验）并返回 200。"},
		"GET /api/v1/audit": {resp: tp[listJSON[auditEntryJSON]](), query: with(
			queryParam("actor_id", intSchema(), "操作人编号"),
			queryParam("actor_name", strSchema(), "操作人姓名（部分匹配）"),
			queryParam("action", strSchema(), "操作代码前缀，如 login、unit"),
			queryParam("object_type", strSchema(), "对象类型"),
			queryParam("from", dateSchema(), "开始日期（含），北京时间，YYYY-MM-DD"),
			queryParam("to", dateSchema(), "结束日期（含），北京时间，YYYY-MM-DD"),
			queryParam("success", boolSchema(), "是否成功")),
			note: "按序号倒序。"},
		"POST /api/v1/audit/verify":  {resp: tp[auditVerifyJSON](), note: "校验本身也记入审计日志。"},
		"GET /api/v1/tokens":         {resp: tp[listJSON[tokenJSON]](), query: page},
		"POST /api/v1/tokens":        {body: tp[tokenInput](), resp: tp[tokenCreatedJSON](), status: http.StatusCreated, note: "返回的令牌仅出现这一次。"},
		"DELETE /api/v1/tokens/{id}": {resp: tp[revokedJSON]()},
	}
}

// schemaNames names the DTOs that become components. in marks those sent
// in requests: their required list holds the fields a request must carry
// (and the read-only ones, which OpenAPI applies to responses only); for
// the others it holds every field a response always carries.
type schemaDef struct {
	name string
	in   bool
}

func schemaNames() map[reflect.Type]schemaDef {
	return map[reflect.Type]schemaDef{
		tp[apiError]():                   {"Error", false},
		tp[unitJSON]():                   {"Unit", true},
		tp[listJSON[unitJSON]]():         {"UnitList", false},
		tp[userJSON]():                   {"User", true},
		tp[postJSON]():                   {"Post", true},
		tp[roleJSON]():                   {"Role", true},
		tp[securityJSON]():               {"AccountSecurity", false},
		tp[userCreatedJSON]():            {"UserWithPassword", false},
		tp[listJSON[userJSON]]():         {"UserList", false},
		tp[rolesInput]():                 {"RolesInput", true},
		tp[abInput]():                    {"ABPartnerInput", true},
		tp[meJSON]():                     {"Me", false},
		tp[userRefJSON]():                {"UserRef", false},
		tp[workItemJSON]():               {"WorkItem", false},
		tp[deadlineJSON]():               {"Deadline", false},
		tp[workListJSON]():               {"WorkList", false},
		tp[workCountsJSON]():             {"WorkCounts", false},
		tp[notificationJSON]():           {"Notification", false},
		tp[listJSON[notificationJSON]](): {"NotificationList", false},
		tp[delegationJSON]():             {"Delegation", false},
		tp[delegationInput]():            {"DelegationInput", true},
		tp[listJSON[delegationJSON]]():   {"DelegationList", false},
		tp[revokedJSON]():                {"Revoked", false},
		tp[tokenJSON]():                  {"Token", false},
		tp[tokenCreatedJSON]():           {"TokenWithSecret", false},
		tp[tokenInput]():                 {"TokenInput", true},
		tp[listJSON[tokenJSON]]():        {"TokenList", false},
		tp[importReportJSON]():           {"ImportReport", false},
		tp[importErrorJSON]():            {"ImportError", false},
		tp[auditEntryJSON]():             {"AuditEntry", false},
		tp[listJSON[auditEntryJSON]]():   {"AuditList", false},
		tp[auditVerifyJSON]():            {"AuditVerification", false},
		tp[auditProblemJSON]():           {"AuditProblem", false},
		tp[unreadJSON]():                 {"UnreadCount", false},
		tp[flagJSON]():                   {"LedgerEntry", false},
		tp[flagTallyJSON]():              {"LedgerTally", false},
		tp[ledgerJSON]():                 {"Ledger", false},
		tp[supervisionStatsJSON]():       {"SupervisionStats", false},
		tp[statsRowJSON]():               {"SupervisionStatsRow", false},
		tp[searchJSON]():                 {"SearchResult", false},
		tp[searchHitJSON]():              {"SearchHit", false},
		tp[searchHighlightsJSON]():       {"SearchHighlights", false},
		tp[searchPieceJSON]():            {"SearchPiece", false},
		tp[searchFacetsJSON]():           {"SearchFacets", false},
		tp[searchFacetJSON]():            {"SearchFacet", false},
	}
}

// enumValues lists the values of the API's enumerated types, from the
// domain where it has them.
func enumValues(t reflect.Type) []any {
	var out []any
	add := func(vs ...any) { out = append(out, vs...) }
	switch t {
	case tp[zhongshu.UnitType]():
		for _, v := range zhongshu.AllUnitTypes() {
			add(string(v))
		}
	case tp[zhongshu.Role]():
		for _, v := range zhongshu.AllRoles() {
			add(string(v))
		}
	case tp[zhongshu.Permission]():
		for _, p := range zhongshu.SystemActor().Permissions() { // the system holds every permission
			add(string(p))
		}
	case tp[zhongshu.UserStatus]():
		add(string(zhongshu.UserActive), string(zhongshu.UserDisabled))
	case tp[zhongshu.WorkKind]():
		add(string(zhongshu.WorkTodo), string(zhongshu.WorkToRead))
	case tp[zhongshu.Urgency]():
		add(int(zhongshu.UrgencyNormal), int(zhongshu.UrgencyUrgent), int(zhongshu.UrgencyExtra))
	case tp[zhongshu.DeadlineState]():
		add("none", string(zhongshu.DeadlineOK), string(zhongshu.DeadlineNear), string(zhongshu.DeadlineOverdue), string(zhongshu.DeadlineDone))
	case tp[zhongshu.Code]():
		for _, c := range []zhongshu.Code{zhongshu.CodeInvalid, zhongshu.CodeNotFound, zhongshu.CodeConflict, zhongshu.CodeUnauthenticated,
			zhongshu.CodeForbidden, zhongshu.CodePrecondition, zhongshu.CodeInternal} {
			add(string(c))
		}
	case tp[orgimport.Kind]():
		add(string(orgimport.KindUnits), string(orgimport.KindPeople))
	case tp[zhongshu.FlagKind]():
		for _, k := range ledgerKinds {
			add(string(k))
		}
	case tp[delegationState]():
		add(string(delegationPending), string(delegationActive), string(delegationExpired), string(delegationRevoked))
	}
	return out
}

// schemaGen describes Go types as OpenAPI schemas, collecting components.
type schemaGen struct {
	names   map[reflect.Type]schemaDef
	schemas map[string]any
}

const schemaRef = "#/components/schemas/"

func (g *schemaGen) ref(t reflect.Type) map[string]any {
	def := g.names[t]
	if _, done := g.schemas[def.name]; !done {
		g.schemas[def.name] = nil // against recursion
		g.schemas[def.name] = g.object(t, def.in)
	}
	return map[string]any{"$ref": schemaRef + def.name}
}

// schema describes t; in says whether it is part of a request schema.
func (g *schemaGen) schema(t reflect.Type, in bool) map[string]any {
	if t.Kind() == reflect.Pointer {
		s := g.schema(t.Elem(), in)
		if _, ok := s["$ref"]; ok {
			s = map[string]any{"allOf": []any{s}}
		}
		s["nullable"] = true
		return s
	}
	if _, ok := g.names[t]; ok {
		return g.ref(t)
	}
	if t == tp[time.Time]() || t == tp[apiStamp]() {
		return map[string]any{"type": "string", "format": "date-time"}
	}
	var s map[string]any
	switch t.Kind() {
	case reflect.Bool:
		s = map[string]any{"type": "boolean"}
	case reflect.Int64:
		s = map[string]any{"type": "integer", "format": "int64"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		s = map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		s = map[string]any{"type": "number"}
	case reflect.String:
		s = map[string]any{"type": "string"}
	case reflect.Slice, reflect.Array:
		s = map[string]any{"type": "array", "items": g.schema(t.Elem(), in)}
	case reflect.Map:
		s = map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem(), in)}
	case reflect.Struct:
		return g.object(t, in)
	default:
		panic("openapi: no schema for " + t.String())
	}
	if enum := enumValues(t); enum != nil {
		s["enum"] = enum
	}
	return s
}

func (g *schemaGen) object(t reflect.Type, in bool) map[string]any {
	props := map[string]any{}
	required := []string{}
	g.fields(t, in, props, &required)
	s := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

// fields adds t's JSON fields, those of embedded structs flattened as
// encoding/json does.
func (g *schemaGen) fields(t reflect.Type, in bool, props map[string]any, required *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct && f.Tag.Get("json") == "" {
			g.fields(f.Type, in, props, required)
			continue
		}
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		omitempty := slices.Contains(strings.Split(opts, ","), "omitempty")
		flags := strings.Split(f.Tag.Get("api"), ",")
		ro, req := slices.Contains(flags, "ro"), slices.Contains(flags, "req")
		ft := f.Type
		if omitempty && ft.Kind() == reflect.Pointer {
			ft = ft.Elem() // absent rather than null
		}
		p := g.schema(ft, in)
		doc, format := f.Tag.Get("doc"), f.Tag.Get("format")
		if _, isRef := p["$ref"]; isRef && (doc != "" || ro) {
			p = map[string]any{"allOf": []any{p}} // siblings of $ref are ignored in 3.0
		}
		if doc != "" {
			p["description"] = doc
		}
		if format != "" {
			p["format"] = format
		}
		if ro {
			p["readOnly"] = true
		}
		props[name] = p
		if (in && (req || (ro && !omitempty))) || (!in && !omitempty) {
			*required = append(*required, name)
		}
	}
}

var pathParamRE = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)(?:\.\.\.)?\}`)

// openAPIPath turns a ServeMux pattern into an OpenAPI path.
func openAPIPath(pattern string) string {
	p := strings.ReplaceAll(pattern, "{$}", "")
	return pathParamRE.ReplaceAllString(p, "{$1}")
}

// operationID derives an id from method and path: GET /api/v1/users/{id}
// is getUsersById.
func operationID(method, pattern string) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	rest := strings.TrimPrefix(openAPIPath(pattern), "/api/v1")
	for _, seg := range strings.Split(rest, "/") {
		if name, ok := strings.CutPrefix(seg, "{"); ok {
			b.WriteString("By")
			seg = strings.TrimSuffix(name, "}")
		}
		for _, word := range strings.FieldsFunc(seg, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			rs := []rune(word)
			rs[0] = unicode.ToUpper(rs[0])
			b.WriteString(string(rs))
		}
	}
	return b.String()
}

func jsonContent(schema map[string]any) map[string]any {
	return map[string]any{"application/json": map[string]any{"schema": schema}}
}

func respRef(name string) map[string]any {
	return map[string]any{"$ref": "#/components/responses/" + name}
}

// openAPI builds the document from the route table.
func (s *Server) openAPI() map[string]any {
	g := &schemaGen{names: schemaNames(), schemas: map[string]any{}}
	maps.Copy(g.names, supervisionSchemaNames())
	maps.Copy(g.names, incomingSchemaNames())
	maps.Copy(g.names, outgoingSchemaNames())
	errSchema := g.ref(tp[apiError]())
	docs := apiDocs()
	maps.Copy(docs, supervisionAPIDocs())
	maps.Copy(docs, incomingAPIDocs())
	maps.Copy(docs, outgoingAPIDocs())
	paths := map[string]map[string]any{}
	tags := []any{}
	seenTag := map[string]bool{}
	for _, rt := range s.routes {
		if rt.kind != kindAPI {
			continue
		}
		doc := docs[rt.method+" "+rt.pattern]
		path := openAPIPath(rt.pattern)
		tag := strings.Split(strings.TrimPrefix(path, "/api/v1/"), "/")[0]
		tag = strings.TrimSuffix(tag, ".json")
		if !seenTag[tag] {
			seenTag[tag] = true
			tags = append(tags, map[string]any{"name": tag})
		}
		op := map[string]any{
			"operationId": operationID(rt.method, rt.pattern),
			"summary":     rt.summary,
			"tags":        []string{tag},
		}
		if doc.note != "" {
			op["description"] = doc.note
		}

		var params []any
		pathParams := pathParamRE.FindAllStringSubmatch(rt.pattern, -1)
		for _, m := range pathParams {
			schema := strSchema()
			desc := m[1]
			switch m[1] {
			case "id":
				schema, desc = intSchema(), "记录编号"
			case "file":
				schema, desc = intSchema(), "附件编号"
			}
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": schema, "description": desc})
		}
		for _, q := range doc.query {
			params = append(params, q)
		}
		if len(params) > 0 {
			op["parameters"] = params
		}

		switch {
		case doc.body != nil:
			op["requestBody"] = map[string]any{"required": true, "content": jsonContent(g.schema(doc.body, true))}
		case doc.upload != "":
			fileDoc := doc.uploadDoc
			if fileDoc == "" {
				fileDoc = ".xlsx 或 .csv 文件"
			}
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"multipart/form-data": map[string]any{"schema": map[string]any{
					"type":     "object",
					"required": []string{doc.upload},
					"properties": map[string]any{
						doc.upload: map[string]any{"type": "string", "format": "binary", "description": fileDoc},
					},
				}},
			}}
		}

		responses := map[string]any{}
		status := doc.status
		if status == 0 {
			status = http.StatusOK
		}
		ok := map[string]any{"description": http.StatusText(status)}
		switch {
		case doc.resp != nil:
			ok["content"] = jsonContent(g.schema(doc.resp, false))
		case doc.raw != nil:
			ok["content"] = jsonContent(doc.raw)
		}
		if doc.download {
			content, _ := ok["content"].(map[string]any)
			if content == nil {
				content = map[string]any{}
			}
			content["application/octet-stream"] = map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}
			ok["content"] = content
		}
		responses[strconv.Itoa(status)] = ok
		for st, t := range doc.also {
			responses[strconv.Itoa(st)] = map[string]any{"description": http.StatusText(st), "content": jsonContent(g.schema(t, false))}
		}
		if rt.access.public {
			op["security"] = []any{}
		} else {
			responses["400"] = respRef("BadRequest")
			responses["401"] = respRef("Unauthorized")
			if !rt.access.hide {
				responses["403"] = respRef("Forbidden")
			}
		}
		if len(pathParams) > 0 || rt.access.hide {
			responses["404"] = respRef("NotFound")
		}
		if rt.method != http.MethodGet && !rt.access.public {
			responses["409"] = respRef("Conflict")
		}
		op["responses"] = responses

		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		paths[path][strings.ToLower(rt.method)] = op
	}

	errResp := func(desc string) map[string]any {
		return map[string]any{"description": desc, "content": jsonContent(errSchema)}
	}
	unauth := errResp("未提供接口令牌，或令牌无效、已过期、已吊销")
	unauth["headers"] = map[string]any{"WWW-Authenticate": map[string]any{"schema": strSchema(), "description": `Bearer realm="zhongshu"`}}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title":   "中枢 Zhongshu API",
			"version": "1",
			"description": s.cfg.OfficeName + " 中枢办公平台的接口。请求须在 Authorization 头中携带个人接口令牌（Bearer），" +
				"令牌在“个人设置”中创建，权限与本人账号相同。出错时返回 {\"error\":{\"code\",\"message\",\"fields\"}}，" +
				"message 和 fields 中的说明为中文。时间均为 RFC 3339 格式。",
		},
		"tags":     tags,
		"security": []any{map[string]any{"bearerAuth": []any{}}},
		"paths":    paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{
				"bearerAuth": map[string]any{"type": "http", "scheme": "bearer", "description": "个人接口令牌"},
			},
			"schemas": g.schemas,
			"responses": map[string]any{
				"BadRequest":   errResp("请求内容或参数有误；fields 给出各字段的问题"),
				"Unauthorized": unauth,
				"Forbidden":    errResp("没有权限"),
				"NotFound":     errResp("记录不存在，或无权知道其存在"),
				"Conflict":     errResp("与已有数据冲突，或当前状态不允许此操作"),
			},
		},
	}
}
