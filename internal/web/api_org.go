package web

// The JSON API for units and people, and the helpers every API handler
// shares: strict body decoding, query parameters and the list envelope.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// ---------------------------------------------------------------------------
// Request bodies.

// decodeJSON reads the body as exactly one JSON value into v: unknown
// fields, wrong types and trailing data are refused with Chinese messages.
// It returns the top-level keys the body contained, so that handlers can
// tell an absent field from a zero one.
func decodeJSON(r *http.Request, v any) (present map[string]bool, err error) {
	if r.Body == nil {
		return nil, invalidJSON("请求体为空")
	}
	body, err := io.ReadAll(r.Body) // bounded by the route's MaxBytesReader
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return nil, jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, invalidJSON("JSON 值之后还有多余的内容")
	}
	present = map[string]bool{}
	var keys map[string]json.RawMessage
	if json.Unmarshal(body, &keys) == nil {
		for k := range keys {
			present[k] = true
		}
	}
	return present, nil
}

func invalidJSON(detail string) error {
	return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "请求内容不是有效的 JSON：" + detail}
}

// jsonError turns a decoding error into a domain error naming the field.
func jsonError(err error) error {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
		tpe *time.ParseError
		mbe *http.MaxBytesError
	)
	switch {
	case errors.As(err, &mbe):
		return err
	case errors.Is(err, io.EOF):
		return invalidJSON("请求体为空")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return invalidJSON("内容不完整")
	case errors.As(err, &syn):
		return invalidJSON(fmt.Sprintf("第 %d 个字节附近有语法错误", syn.Offset))
	case errors.As(err, &typ):
		if typ.Field == "" {
			return invalidJSON("请求内容须为 JSON 对象")
		}
		return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "提交的内容有误，请按提示修改后重试。",
			Fields: map[string]string{typ.Field: typeMessage(typ.Type)}}
	case errors.As(err, &tpe):
		return invalidJSON("时间须为 RFC 3339 格式，如 2025-01-02T08:00:00+08:00")
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if n, uerr := strconv.Unquote(name); uerr == nil {
			name = n
		}
		return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "请求内容包含不支持的字段：" + name,
			Fields: map[string]string{name: "不支持的字段"}}
	}
	return invalidJSON("无法解析")
}

// typeMessage says in Chinese what a field expected.
func typeMessage(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == reflect.TypeFor[time.Time]() {
		return "须为 RFC 3339 格式的时间字符串"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "须为整数"
	case reflect.Float32, reflect.Float64:
		return "须为数字"
	case reflect.String:
		return "须为字符串"
	case reflect.Bool:
		return "须为 true 或 false"
	case reflect.Slice, reflect.Array:
		return "须为数组"
	}
	return "须为 JSON 对象"
}

// withProblems adds the messages of a domain validation (when it fails
// with fields) to problems found at the edge, and returns them as one
// error; the edge's message wins for a field both name.
func withProblems(p zhongshu.Problems, validate func() error) error {
	if len(p) == 0 {
		return nil
	}
	if validate != nil {
		for k, v := range zhongshu.ErrorFields(validate()) {
			p.Add(k, v)
		}
	}
	return p.Err()
}

// renameFields renames the per-field messages of err (domain names → the
// API's names); other errors pass through.
func renameFields(err error, names map[string]string) error {
	var e *zhongshu.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	out := &zhongshu.Error{Code: e.Code, Message: e.Message, Fields: map[string]string{}}
	for k, v := range e.Fields {
		if n, ok := names[k]; ok {
			k = n
		}
		out.Fields[k] = v
	}
	return out
}

// ---------------------------------------------------------------------------
// Query parameters.

// queryParams reads query parameters, collecting a message per bad value.
type queryParams struct {
	v url.Values
	p zhongshu.Problems
}

func newQuery(r *http.Request) *queryParams { return &queryParams{v: r.URL.Query()} }

func (q *queryParams) str(name string) string { return strings.TrimSpace(q.v.Get(name)) }

// id reads an optional positive integer.
func (q *queryParams) id(name string) *int64 {
	s := q.str(name)
	if s == "" {
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		q.p.Add(name, "须为正整数")
		return nil
	}
	return &n
}

// flag reads an optional boolean: true/false or 1/0.
func (q *queryParams) flag(name string) *bool {
	var b bool
	switch strings.ToLower(q.str(name)) {
	case "":
		return nil
	case "true", "1":
		b = true
	case "false", "0":
		b = false
	default:
		q.p.Add(name, "须为 true 或 false")
		return nil
	}
	return &b
}

// date reads an optional YYYY-MM-DD date as the start of that day in
// China time.
func (q *queryParams) date(name string) time.Time {
	s := q.str(name)
	if s == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation("2006-01-02", s, chinaTime)
	if err != nil {
		q.p.Add(name, "须为日期，格式为 YYYY-MM-DD")
		return time.Time{}
	}
	return t
}

// page reads offset and limit; the limit is clamped to the page bounds.
func (q *queryParams) page() app.Page {
	var pg app.Page
	if s := q.str("offset"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			q.p.Add("offset", "须为非负整数")
		} else {
			pg.Offset = n
		}
	}
	if s := q.str("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			q.p.Add("limit", fmt.Sprintf("须为正整数（最大 %d）", zhongshu.MaxPageSize))
		} else {
			pg.Limit = n
		}
	}
	pg.Limit = zhongshu.PageLimit(pg.Limit)
	return pg
}

func (q *queryParams) err() error {
	if len(q.p) == 0 {
		return nil
	}
	return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "查询参数有误，请按提示修改后重试。", Fields: map[string]string(q.p)}
}

// ---------------------------------------------------------------------------
// Responses.

// listJSON is the envelope of every list.
type listJSON[T any] struct {
	Items  []T `json:"items" doc:"本页的记录"`
	Total  int `json:"total" doc:"符合条件的记录总数（不分页）"`
	Offset int `json:"offset" doc:"本页第一条记录的偏移量"`
	Limit  int `json:"limit" doc:"每页条数（实际使用的值）"`
}

func newList[S, T any](src []S, conv func(S) T, total int, pg app.Page) listJSON[T] {
	items := make([]T, 0, len(src))
	for _, x := range src {
		items = append(items, conv(x))
	}
	return listJSON[T]{Items: items, Total: total, Offset: pg.Offset, Limit: pg.Limit}
}

// pageOf applies a page to a list held in memory.
func pageOf[T any](all []T, pg app.Page) []T {
	if pg.Offset >= len(all) {
		return nil
	}
	return all[pg.Offset:min(len(all), pg.Offset+pg.Limit)]
}

// revokedJSON answers a revocation.
type revokedJSON struct {
	ID      int64 `json:"id" doc:"被撤销或吊销的记录编号"`
	Revoked bool  `json:"revoked" doc:"恒为 true"`
}

// optID is an optional reference: 0 is null.
func optID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// optTime is an optional time: the zero time is null.
func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = apiTime(t)
	return &t
}

// apiTime is a time as the API shows it: RFC 3339 in China time.
func apiTime(t time.Time) time.Time { return t.In(chinaTime) }

func created(w http.ResponseWriter, location string, v any) error {
	w.Header().Set("Location", location)
	writeJSON(w, http.StatusCreated, v)
	return nil
}

// ---------------------------------------------------------------------------
// Units.

// unitJSON is a unit, read and written. Read-only fields sent back in a
// PUT are ignored, so a client may modify what it got and send it back.
type unitJSON struct {
	ID                   int64             `json:"id" api:"ro" doc:"单位编号"`
	ParentID             *int64            `json:"parent_id" doc:"上级单位编号；顶级单位为 null"`
	Type                 zhongshu.UnitType `json:"type" api:"req" doc:"单位类型"`
	TypeLabel            string            `json:"type_label" api:"ro" doc:"单位类型的中文名称"`
	FullName             string            `json:"full_name" api:"req" doc:"单位全称，不超过60个字，不得重复"`
	ShortName            string            `json:"short_name" doc:"规范化简称，不超过20个字"`
	DocCode              string            `json:"doc_code" doc:"机关代字，不超过20个字"`
	IsExternal           bool              `json:"is_external" doc:"是否外部单位"`
	SortOrder            int               `json:"sort_order" doc:"排序，小的在前"`
	Active               bool              `json:"active" doc:"是否启用；新建时省略为 true，修改时必填"`
	LiaisonID            *int64            `json:"liaison_id" doc:"联络员的人员编号，可为 null"`
	InfoOfficerID        *int64            `json:"info_officer_id" doc:"信息员的人员编号，可为 null"`
	SupervisionLiaisonID *int64            `json:"supervision_liaison_id" doc:"督查联络员的人员编号，可为 null"`
	InfoCategory         string            `json:"info_category" doc:"信息考核类别"`
	CreatedAt            time.Time         `json:"created_at" api:"ro" doc:"创建时间"`
	UpdatedAt            time.Time         `json:"updated_at" api:"ro" doc:"最后修改时间"`
}

func unitOut(u *zhongshu.Unit) unitJSON {
	return unitJSON{
		ID: u.ID, ParentID: optID(u.ParentID), Type: u.Type, TypeLabel: u.Type.Label(),
		FullName: u.FullName, ShortName: u.ShortName, DocCode: u.DocCode, IsExternal: u.IsExternal,
		SortOrder: u.SortOrder, Active: u.Active, LiaisonID: optID(u.LiaisonID), InfoOfficerID: optID(u.InfoOfficerID),
		SupervisionLiaisonID: optID(u.SupervisionLiaisonID), InfoCategory: u.InfoCategory,
		CreatedAt: apiTime(u.CreatedAt), UpdatedAt: apiTime(u.UpdatedAt),
	}
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// readUnit decodes a unit body. id is the path's unit (0 for a create):
// a PUT must carry the whole object, its active flag included.
func readUnit(r *http.Request, id int64) (*zhongshu.Unit, error) {
	var in unitJSON
	present, err := decodeJSON(r, &in)
	if err != nil {
		return nil, err
	}
	u := &zhongshu.Unit{
		ID: id, ParentID: deref(in.ParentID), Type: in.Type, FullName: in.FullName, ShortName: in.ShortName,
		DocCode: in.DocCode, IsExternal: in.IsExternal, SortOrder: in.SortOrder, Active: in.Active,
		LiaisonID: deref(in.LiaisonID), InfoOfficerID: deref(in.InfoOfficerID),
		SupervisionLiaisonID: deref(in.SupervisionLiaisonID), InfoCategory: strings.TrimSpace(in.InfoCategory),
	}
	var p zhongshu.Problems
	if id == 0 {
		if !present["active"] {
			u.Active = true
		}
	} else {
		if !present["active"] {
			p.Add("active", "请填写是否启用（true 或 false）")
		}
		if present["id"] && in.ID != id {
			p.Add("id", "与地址中的单位编号不一致")
		}
	}
	if err := withProblems(p, u.Validate); err != nil {
		return nil, err
	}
	return u, nil
}

func (s *Server) handleAPIUnits(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	pg := q.page()
	f := zhongshu.UnitFilter{Query: q.str("q"), ParentID: q.id("parent_id"), Active: q.flag("active"), Offset: pg.Offset, Limit: pg.Limit}
	if t := zhongshu.UnitType(q.str("type")); t != "" {
		if !t.Valid() {
			q.p.Add("type", "单位类型不存在："+string(t))
		}
		f.Type = &t
	}
	if err := q.err(); err != nil {
		return err
	}
	units, total, err := s.app.FindUnits(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(units, unitOut, total, pg))
	return nil
}

func (s *Server) handleAPIUnit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := s.app.FindUnitByID(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, unitOut(u))
	return nil
}

func (s *Server) handleAPIUnitCreate(w http.ResponseWriter, r *http.Request) error {
	u, err := readUnit(r, 0)
	if err != nil {
		return err
	}
	a := actor(r)
	if err := s.app.CreateUnit(r.Context(), a, u); err != nil {
		return err
	}
	if u, err = s.app.FindUnitByID(r.Context(), a, u.ID); err != nil {
		return err
	}
	return created(w, fmt.Sprintf("/api/v1/units/%d", u.ID), unitOut(u))
}

func (s *Server) handleAPIUnitUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := readUnit(r, id)
	if err != nil {
		return err
	}
	a := actor(r)
	if err := s.app.UpdateUnit(r.Context(), a, u); err != nil {
		return err
	}
	if u, err = s.app.FindUnitByID(r.Context(), a, id); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, unitOut(u))
	return nil
}

// ---------------------------------------------------------------------------
// People.

// userJSON is a person, read and written. Roles and the AB角 have their own
// endpoints: in a PUT they are ignored; in a POST the AB角 is set and roles
// are refused unless the caller may grant them.
type userJSON struct {
	ID          int64               `json:"id" api:"ro" doc:"人员编号"`
	Username    string              `json:"username" api:"req" doc:"登录名：3至32位字母、数字、下划线、点或短横线，以字母开头"`
	Name        string              `json:"name" api:"req" doc:"姓名"`
	Phone       string              `json:"phone" doc:"电话"`
	Email       string              `json:"email" doc:"电子邮箱"`
	Status      zhongshu.UserStatus `json:"status" doc:"账号状态；新建时省略为 active，修改时必填"`
	StatusLabel string              `json:"status_label" api:"ro" doc:"账号状态的中文名称"`
	ABPartnerID *int64              `json:"ab_partner_id" doc:"AB角的人员编号，无则为 null；新建时可设置，修改请用 PUT /api/v1/users/{id}/ab-partner"`
	Posts       []postJSON          `json:"posts" doc:"任职；有任职时须有且只有一个主要任职"`
	Roles       []roleJSON          `json:"roles" doc:"角色；新建时仅可授予角色者可填写（只需 code），修改时忽略，请用 PUT /api/v1/users/{id}/roles"`
	Security    *securityJSON       `json:"security,omitempty" api:"ro" doc:"账号安全状态；仅本人和管理员可见"`
	CreatedAt   time.Time           `json:"created_at" api:"ro" doc:"创建时间"`
	UpdatedAt   time.Time           `json:"updated_at" api:"ro" doc:"最后修改时间"`
}

// postJSON is one post (任职).
type postJSON struct {
	UnitID   int64  `json:"unit_id" api:"req" doc:"任职单位编号"`
	UnitName string `json:"unit_name" api:"ro" doc:"任职单位名称"`
	Title    string `json:"title" doc:"职务"`
	Primary  bool   `json:"primary" doc:"是否主要任职"`
}

// roleJSON is a role with its Chinese name.
type roleJSON struct {
	Code  zhongshu.Role `json:"code" api:"req" doc:"角色代码"`
	Label string        `json:"label" api:"ro" doc:"角色中文名称"`
}

// securityJSON is the security state of an account, for its owner and the
// administrators. Password hashes and second-factor secrets never leave
// the server.
type securityJSON struct {
	MustChangePassword bool       `json:"must_change_password" doc:"下次登录须修改密码"`
	Locked             bool       `json:"locked" doc:"是否因多次登录失败而锁定"`
	LockedUntil        *time.Time `json:"locked_until" doc:"锁定到期时间；未锁定为 null"`
	TOTPEnabled        bool       `json:"totp_enabled" doc:"是否已启用双因素登录"`
}

// userCreatedJSON is a new account or a reset password: the one-time
// password is shown here once and never again.
type userCreatedJSON struct {
	userJSON
	OneTimePassword string `json:"one_time_password" doc:"一次性密码，仅返回这一次；首次登录须修改"`
}

func rolesOut(roles []zhongshu.Role) []roleJSON {
	out := make([]roleJSON, 0, len(roles))
	for _, r := range roles {
		out = append(out, roleJSON{Code: r, Label: r.Label()})
	}
	return out
}

// userOut shows u to a; the security state only to u and administrators.
func (s *Server) userOut(a *zhongshu.Actor, u *zhongshu.User) userJSON {
	posts := make([]postJSON, 0, len(u.Posts))
	for _, p := range u.Posts {
		posts = append(posts, postJSON{UnitID: p.UnitID, UnitName: p.UnitName, Title: p.Title, Primary: p.Primary})
	}
	out := userJSON{
		ID: u.ID, Username: u.Username, Name: u.Name, Phone: u.Phone, Email: u.Email,
		Status: u.Status, StatusLabel: u.Status.Label(), ABPartnerID: optID(u.ABPartner),
		Posts: posts, Roles: rolesOut(u.Roles), CreatedAt: apiTime(u.CreatedAt), UpdatedAt: apiTime(u.UpdatedAt),
	}
	if u.ID == a.ID() || a.Can(zhongshu.PermOrgManage) || a.Can(zhongshu.PermRoleAssign) || a.Can(zhongshu.PermSecurityManage) {
		now := s.clock.Now()
		sec := &securityJSON{MustChangePassword: u.MustChangePassword, Locked: u.Locked(now), TOTPEnabled: u.TOTPEnabled}
		if sec.Locked {
			sec.LockedUntil = optTime(u.LockedUntil)
		}
		out.Security = sec
	}
	return out
}

func (s *Server) usersOut(a *zhongshu.Actor) func(*zhongshu.User) userJSON {
	return func(u *zhongshu.User) userJSON { return s.userOut(a, u) }
}

// readUser decodes a person body; id is the path's person (0 for a create).
func readUser(r *http.Request, id int64) (*zhongshu.User, error) {
	var in userJSON
	present, err := decodeJSON(r, &in)
	if err != nil {
		return nil, err
	}
	u := &zhongshu.User{ID: id, Username: in.Username, Name: in.Name, Phone: in.Phone, Email: in.Email, Status: in.Status}
	for _, p := range in.Posts {
		u.Posts = append(u.Posts, zhongshu.Post{UnitID: p.UnitID, Title: strings.TrimSpace(p.Title), Primary: p.Primary})
	}
	var p zhongshu.Problems
	if id == 0 {
		u.ABPartner = deref(in.ABPartnerID)
		for _, role := range in.Roles {
			u.Roles = append(u.Roles, role.Code)
		}
	} else {
		if !present["status"] || in.Status == "" {
			p.Add("status", "请填写账号状态（active 或 disabled）")
		}
		if present["id"] && in.ID != id {
			p.Add("id", "与地址中的人员编号不一致")
		}
	}
	if err := withProblems(p, u.Validate); err != nil {
		return nil, err
	}
	return u, nil
}

func (s *Server) handleAPIUsers(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	pg := q.page()
	f := zhongshu.UserFilter{Query: q.str("q"), UnitID: q.id("unit_id"), Offset: pg.Offset, Limit: pg.Limit}
	if role := zhongshu.Role(q.str("role")); role != "" {
		if !role.Valid() {
			q.p.Add("role", "角色不存在："+string(role))
		}
		f.Role = &role
	}
	if st := zhongshu.UserStatus(q.str("status")); st != "" {
		if st != zhongshu.UserActive && st != zhongshu.UserDisabled {
			q.p.Add("status", "账号状态须为 active 或 disabled")
		}
		f.Status = &st
	}
	if err := q.err(); err != nil {
		return err
	}
	a := actor(r)
	users, total, err := s.app.FindUsers(r.Context(), a, f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(users, s.usersOut(a), total, pg))
	return nil
}

func (s *Server) handleAPIUser(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.writeUser(w, r, http.StatusOK, id)
}

// writeUser reads person id afresh and writes it.
func (s *Server) writeUser(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	a := actor(r)
	u, err := s.app.FindUserByID(r.Context(), a, id)
	if err != nil {
		return err
	}
	writeJSON(w, status, s.userOut(a, u))
	return nil
}

func (s *Server) handleAPIUserCreate(w http.ResponseWriter, r *http.Request) error {
	u, err := readUser(r, 0)
	if err != nil {
		return err
	}
	a := actor(r)
	oneTime, err := s.app.CreateUser(r.Context(), a, u)
	if err != nil {
		return renameFields(err, map[string]string{"ab_partner": "ab_partner_id"})
	}
	if u, err = s.app.FindUserByID(r.Context(), a, u.ID); err != nil {
		return err
	}
	return created(w, fmt.Sprintf("/api/v1/users/%d", u.ID), userCreatedJSON{userJSON: s.userOut(a, u), OneTimePassword: oneTime})
}

func (s *Server) handleAPIUserUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := readUser(r, id)
	if err != nil {
		return err
	}
	if err := s.app.UpdateUser(r.Context(), actor(r), u); err != nil {
		return err
	}
	return s.writeUser(w, r, http.StatusOK, id)
}

// rolesInput is the body of PUT /users/{id}/roles.
type rolesInput struct {
	Roles []zhongshu.Role `json:"roles" api:"req" doc:"角色代码的完整列表；空数组表示收回全部角色"`
}

func (s *Server) handleAPIUserRoles(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in rolesInput
	present, err := decodeJSON(r, &in)
	if err != nil {
		return err
	}
	if !present["roles"] || in.Roles == nil {
		return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "请提供角色列表。",
			Fields: map[string]string{"roles": "请提供角色代码数组（可为空数组）"}}
	}
	if err := s.app.SetRoles(r.Context(), actor(r), id, in.Roles); err != nil {
		return err
	}
	return s.writeUser(w, r, http.StatusOK, id)
}

// abInput is the body of PUT /users/{id}/ab-partner.
type abInput struct {
	PartnerID *int64 `json:"partner_id" api:"req" doc:"AB角的人员编号；0 或 null 表示解除"`
}

func (s *Server) handleAPIUserAB(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in abInput
	present, err := decodeJSON(r, &in)
	if err != nil {
		return err
	}
	if !present["partner_id"] {
		return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "请提供 partner_id。",
			Fields: map[string]string{"partner_id": "请填写AB角的人员编号；0 或 null 表示解除"}}
	}
	if in.PartnerID != nil && *in.PartnerID < 0 {
		return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "提交的内容有误，请按提示修改后重试。",
			Fields: map[string]string{"partner_id": "须为正整数、0 或 null"}}
	}
	if err := s.app.SetABPartner(r.Context(), actor(r), id, deref(in.PartnerID)); err != nil {
		return renameFields(err, map[string]string{"ab_partner": "partner_id"})
	}
	return s.writeUser(w, r, http.StatusOK, id)
}

func (s *Server) handleAPIUserResetPassword(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actor(r)
	oneTime, err := s.app.ResetPassword(r.Context(), a, id)
	if err != nil {
		return err
	}
	u, err := s.app.FindUserByID(r.Context(), a, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, userCreatedJSON{userJSON: s.userOut(a, u), OneTimePassword: oneTime})
	return nil
}

func (s *Server) handleAPIUserUnlock(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.app.Unlock(r.Context(), actor(r), id); err != nil {
		return err
	}
	return s.writeUser(w, r, http.StatusOK, id)
}

func (s *Server) handleAPIUserResetTOTP(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.app.ResetTOTP(r.Context(), actor(r), id); err != nil {
		return err
	}
	return s.writeUser(w, r, http.StatusOK, id)
}
