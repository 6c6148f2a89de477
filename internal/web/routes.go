package web

import (
	"net/http"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

type routeKind int

const (
	kindPage routeKind = iota // HTML, session cookie
	kindAPI                   // JSON, bearer token
)

// access says who may use a route.
type access struct {
	public    bool                    // no sign-in needed
	perm      zhongshu.Permission     // required permission ("" = any signed-in user)
	anyPerm   []zhongshu.Permission   // at least one of these
	hide      bool                    // answer 404 instead of 403, where existence must not leak
	stages    []zhongshu.SessionStage // sign-in stages besides full that may use the route
	stageOnly bool                    // only for sessions part-way through sign-in
}

func (a access) allowsStage(s zhongshu.SessionStage) bool {
	for _, x := range a.stages {
		if x == s {
			return true
		}
	}
	return false
}

var (
	public  = access{public: true}
	anyUser = access{}
)

func need(p zhongshu.Permission) access { return access{perm: p} }

// hidden is need(p) answering 404 to those without p.
func hidden(p zhongshu.Permission) access { return access{perm: p, hide: true} }

func needAny(ps ...zhongshu.Permission) access { return access{anyPerm: ps} }

func stage(s ...zhongshu.SessionStage) access { return access{stages: s, stageOnly: true} }

// handlerFunc is a handler that returns its error to one writer.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

type route struct {
	method, pattern string
	kind            routeKind
	access          access
	h               handlerFunc
	summary         string // the API operation's summary, for OpenAPI
	upload          bool   // allows a 16 MiB body
}

func page(method, pattern string, ac access, h handlerFunc) route {
	return route{method: method, pattern: pattern, kind: kindPage, access: ac, h: h}
}

func api(method, pattern string, ac access, summary string, h handlerFunc) route {
	return route{method: method, pattern: pattern, kind: kindAPI, access: ac, h: h, summary: summary}
}

func uploadRoute(rt route) route { rt.upload = true; return rt }

// routeTable lists every route of Zhongshu: the one place to see what the
// server answers and who may ask.
func (s *Server) routeTable() []route {
	const (
		orgView   = zhongshu.PermOrgView
		orgManage = zhongshu.PermOrgManage
		roles     = zhongshu.PermRoleAssign
		security  = zhongshu.PermSecurityManage
		reset     = zhongshu.PermPasswordReset
		auditRead = zhongshu.PermAuditRead
		delegOwn  = zhongshu.PermDelegateOwn
		delegAll  = zhongshu.PermDelegateManage
		calendar  = zhongshu.PermCalendarManage
	)
	adminAny := needAny(orgManage, roles, security, auditRead)
	userView := needAny(orgManage, roles, security)
	return []route{
		// Operations.
		page("GET", "/healthz", public, s.handleHealth),
		page("GET", "/metrics", public, s.handleMetrics),
		page("GET", "/static/{path...}", public, s.static.serve),

		// Sign-in and the account.
		page("GET", "/login", public, s.handleLoginPage),
		page("POST", "/login", public, s.handleLogin),
		page("POST", "/logout", access{stages: []zhongshu.SessionStage{zhongshu.StageTOTP, zhongshu.StageChangePassword, zhongshu.StageEnrolTOTP}}, s.handleLogout),
		page("GET", "/login/totp", stage(zhongshu.StageTOTP), s.handleTOTPPage),
		page("POST", "/login/totp", stage(zhongshu.StageTOTP), s.handleTOTP),
		page("GET", "/password", access{stages: []zhongshu.SessionStage{zhongshu.StageChangePassword}}, s.handlePasswordPage),
		page("POST", "/password", access{stages: []zhongshu.SessionStage{zhongshu.StageChangePassword}}, s.handlePassword),
		page("GET", "/account/totp", access{stages: []zhongshu.SessionStage{zhongshu.StageEnrolTOTP}}, s.handleEnrolPage),
		page("POST", "/account/totp", access{stages: []zhongshu.SessionStage{zhongshu.StageEnrolTOTP}}, s.handleEnrol),
		page("GET", "/account", anyUser, s.handleAccount),
		page("POST", "/account/tokens", anyUser, s.handleTokenCreate),
		page("POST", "/account/tokens/{id}/revoke", anyUser, s.handleTokenRevoke),
		page("POST", "/account/notify", anyUser, s.handleNotifyPrefs),
		page("POST", "/account/robots", anyUser, s.handleRobotCreate),
		page("POST", "/account/robots/{id}/delete", anyUser, s.handleRobotDelete),

		// Work.
		page("GET", "/{$}", anyUser, s.handleWorkbench),
		page("GET", "/notifications", anyUser, s.handleNotifications),
		page("GET", "/notifications/{id}", anyUser, s.handleNotice),
		page("POST", "/notifications/read-all", anyUser, s.handleNotificationsReadAll),
		page("GET", "/events", anyUser, s.handleEvents),
		page("GET", "/ledger", anyUser, s.handleLedger),
		page("GET", "/ledger/export", anyUser, s.handleLedgerExport),
		page("GET", "/search", need(orgView), s.handleSearch),
		page("GET", "/delegations", needAny(delegOwn, delegAll), s.handleDelegations),
		page("GET", "/delegations/new", needAny(delegOwn, delegAll), s.handleDelegationNew),
		page("POST", "/delegations", needAny(delegOwn, delegAll), s.handleDelegationCreate),
		page("POST", "/delegations/{id}/revoke", needAny(delegOwn, delegAll), s.handleDelegationRevoke),

		// 收文. (pages: keep this block together)
		page("GET", "/incoming", need(delegOwn), s.handleIncomingList),
		page("GET", "/incoming/new", need(delegOwn), s.handleIncomingNew),
		uploadRoute(page("POST", "/incoming/new", need(delegOwn), s.handleIncomingCreate)),
		page("GET", "/incoming/pending", need(delegOwn), s.handleIncomingPending),
		page("GET", "/incoming/{id}", need(delegOwn), s.handleIncomingDoc),
		page("POST", "/incoming/{id}/act", need(delegOwn), s.handleIncomingAct),
		uploadRoute(page("POST", "/incoming/{id}/files", need(delegOwn), s.handleIncomingUpload)),
		page("GET", "/incoming/{id}/files/{file}", need(delegOwn), s.handleIncomingDownload),
		page("POST", "/incoming/{id}/supervise", need(delegOwn), s.handleIncomingSupervise),

		// 收文 import and export. (keep this block together)
		page("GET", "/incoming/import", need(delegOwn), s.handleIncomingImportPage),
		uploadRoute(page("POST", "/incoming/import", need(delegOwn), s.handleIncomingImport)),
		page("GET", "/incoming/import/template", need(delegOwn), s.handleIncomingImportTemplate),
		page("GET", "/incoming/export", need(delegOwn), s.handleIncomingExport),

		// 发文 pages (begin)
		page("GET", "/outgoing", need(delegOwn), s.handleOutgoingList),
		page("GET", "/outgoing/export", need(delegOwn), s.handleOutgoingExport),
		page("GET", "/outgoing/new", need(delegOwn), s.handleOutgoingNew),
		page("POST", "/outgoing/new", need(delegOwn), s.handleOutgoingCreate),
		page("GET", "/outgoing/{id}", need(delegOwn), s.handleOutgoingDoc),
		page("GET", "/outgoing/{id}/edit", need(delegOwn), s.handleOutgoingEdit),
		page("POST", "/outgoing/{id}/edit", need(delegOwn), s.handleOutgoingSave),
		page("POST", "/outgoing/{id}/act", need(delegOwn), s.handleOutgoingAct),
		page("GET", "/outgoing/{id}/rendition", need(delegOwn), s.handleOutgoingRendition),
		page("GET", "/outgoing/{id}/rendition.sig", need(delegOwn), s.handleOutgoingRenditionSig),
		page("GET", "/outgoing/{id}/pubkey.pem", need(delegOwn), s.handleOutgoingPublicKey),
		uploadRoute(page("POST", "/outgoing/{id}/files", need(delegOwn), s.handleOutgoingUpload)),
		page("GET", "/outgoing/{id}/files/{file}", need(delegOwn), s.handleOutgoingDownload),
		// 发文 pages (end)

		// 督查督办.
		page("GET", "/supervision", need(delegOwn), s.handleSupervisionList),
		page("GET", "/supervision/export", need(delegOwn), s.handleSupervisionExport),
		page("GET", "/supervision/new", need(delegOwn), s.handleSupervisionNew),
		page("POST", "/supervision/new", need(delegOwn), s.handleSupervisionCreate),
		page("GET", "/supervision/{id}", need(delegOwn), s.handleSupervisionItem),
		page("POST", "/supervision/{id}/act", need(delegOwn), s.handleSupervisionAct),
		page("POST", "/supervision/{id}/urge", need(delegOwn), s.handleSupervisionUrge),

		// 督办统计.
		page("GET", "/supervision/stats", needAny(zhongshu.PermDelegateOwn, zhongshu.PermLedgerAll), s.handleSupervisionStats),
		page("GET", "/supervision/stats/export", needAny(zhongshu.PermDelegateOwn, zhongshu.PermLedgerAll), s.handleSupervisionStatsExport),
		page("GET", "/supervision/bulletin", needAny(zhongshu.PermDelegateOwn, zhongshu.PermLedgerAll), s.handleSupervisionBulletin),
		page("POST", "/supervision/bulletin", needAny(zhongshu.PermDelegateOwn, zhongshu.PermLedgerAll), s.handleSupervisionBulletin),
		page("GET", "/supervision/bulletin/export", needAny(zhongshu.PermDelegateOwn, zhongshu.PermLedgerAll), s.handleSupervisionBulletinExport),
		api("GET", "/api/v1/supervision/stats", needAny(zhongshu.PermDelegateOwn, zhongshu.PermLedgerAll), "督办统计", s.handleAPISupervisionStats),

		// Administration (三员).
		page("GET", "/admin", adminAny, s.handleAdmin),
		page("GET", "/admin/units", userView, s.handleUnits),
		page("GET", "/admin/units/new", need(orgManage), s.handleUnitNew),
		page("POST", "/admin/units", need(orgManage), s.handleUnitCreate),
		page("GET", "/admin/units/{id}", need(orgManage), s.handleUnitEdit),
		page("POST", "/admin/units/{id}", need(orgManage), s.handleUnitUpdate),
		page("GET", "/admin/users", userView, s.handleUsers),
		page("GET", "/admin/users/new", need(orgManage), s.handleUserNew),
		page("POST", "/admin/users", need(orgManage), s.handleUserCreate),
		page("GET", "/admin/users/{id}", userView, s.handleUserView),
		page("GET", "/admin/users/{id}/edit", need(orgManage), s.handleUserEdit),
		page("POST", "/admin/users/{id}", need(orgManage), s.handleUserUpdate),
		page("POST", "/admin/users/{id}/roles", need(roles), s.handleUserRoles),
		page("POST", "/admin/users/{id}/ab", need(orgManage), s.handleUserAB),
		page("POST", "/admin/users/{id}/reset-password", need(reset), s.handleUserResetPassword),
		page("POST", "/admin/users/{id}/unlock", need(security), s.handleUserUnlock),
		page("POST", "/admin/users/{id}/reset-totp", need(security), s.handleUserResetTOTP),
		page("GET", "/admin/import", need(orgManage), s.handleImportPage),
		uploadRoute(page("POST", "/admin/import", need(orgManage), s.handleImport)),
		page("GET", "/admin/import/template", need(orgManage), s.handleImportTemplate),
		page("GET", "/admin/audit", hidden(auditRead), s.handleAudit),
		page("GET", "/admin/audit/export", hidden(auditRead), s.handleAuditExport),
		page("POST", "/admin/audit/verify", hidden(auditRead), s.handleAuditVerify),

		// Operations (系统管理员): calendar, jobs, deliveries, unit robots.
		page("GET", "/admin/calendar", need(calendar), s.handleCalendar),
		page("POST", "/admin/calendar", need(calendar), s.handleCalendarLoad),
		page("POST", "/admin/calendar/{year}/delete", need(calendar), s.handleCalendarDelete),
		page("GET", "/admin/jobs", need(calendar), s.handleJobs),
		page("POST", "/admin/jobs/{name}/run", need(calendar), s.handleJobRun),
		page("POST", "/admin/deliveries/{id}/retry", need(calendar), s.handleDeliveryRetry),
		page("GET", "/admin/robots", need(orgManage), s.handleRobots),
		page("POST", "/admin/robots", need(orgManage), s.handleUnitRobotCreate),
		page("POST", "/admin/robots/{id}/delete", need(orgManage), s.handleUnitRobotDelete),

		// JSON API, authenticated by personal tokens.
		api("GET", "/api/v1/openapi.json", public, "本接口的 OpenAPI 3 描述", s.handleOpenAPI),
		api("GET", "/api/v1/me", anyUser, "当前用户", s.handleAPIMe),
		api("GET", "/api/v1/work", anyUser, "待办、待阅、已办列表", s.handleAPIWork),
		api("GET", "/api/v1/notifications", anyUser, "站内通知", s.handleAPINotifications),
		api("POST", "/api/v1/notifications/{id}/read", anyUser, "将一条通知标为已读", s.handleAPINotificationRead),
		api("POST", "/api/v1/notifications/read-all", anyUser, "将全部通知标为已读", s.handleAPINotificationsReadAll),
		api("GET", "/api/v1/ledger", anyUser, "压误漏台账", s.handleAPILedger),
		api("GET", "/api/v1/units", need(orgView), "单位列表", s.handleAPIUnits),
		api("POST", "/api/v1/units", need(orgManage), "新建单位", s.handleAPIUnitCreate),
		api("GET", "/api/v1/units/{id}", need(orgView), "单位详情", s.handleAPIUnit),
		api("PUT", "/api/v1/units/{id}", need(orgManage), "修改单位", s.handleAPIUnitUpdate),
		api("GET", "/api/v1/users", need(orgView), "人员列表", s.handleAPIUsers),
		api("POST", "/api/v1/users", need(orgManage), "新建账号（返回一次性密码）", s.handleAPIUserCreate),
		api("GET", "/api/v1/users/{id}", need(orgView), "人员详情", s.handleAPIUser),
		api("PUT", "/api/v1/users/{id}", need(orgManage), "修改人员信息、状态和任职", s.handleAPIUserUpdate),
		api("PUT", "/api/v1/users/{id}/roles", need(roles), "设置角色（安全管理员）", s.handleAPIUserRoles),
		api("PUT", "/api/v1/users/{id}/ab-partner", need(orgManage), "设置或解除AB角", s.handleAPIUserAB),
		api("POST", "/api/v1/users/{id}/reset-password", need(reset), "重置密码（返回一次性密码）", s.handleAPIUserResetPassword),
		api("POST", "/api/v1/users/{id}/unlock", need(security), "解除登录锁定", s.handleAPIUserUnlock),
		api("POST", "/api/v1/users/{id}/reset-totp", need(security), "重置双因素登录", s.handleAPIUserResetTOTP),
		api("GET", "/api/v1/delegations", needAny(delegOwn, delegAll), "委托列表", s.handleAPIDelegations),
		api("POST", "/api/v1/delegations", needAny(delegOwn, delegAll), "新建委托", s.handleAPIDelegationCreate),
		api("POST", "/api/v1/delegations/{id}/revoke", needAny(delegOwn, delegAll), "撤销委托", s.handleAPIDelegationRevoke),
		api("GET", "/api/v1/supervision", need(delegOwn), "督办台账", s.handleAPISupervisionList),
		api("POST", "/api/v1/supervision", need(delegOwn), "新建督办事项（督查员）", s.handleAPISupervisionCreate),
		api("GET", "/api/v1/supervision/{id}", need(delegOwn), "督办事项详情、办理过程和可进行的操作", s.handleAPISupervisionItem),
		api("POST", "/api/v1/supervision/{id}/actions", need(delegOwn), "办理督办事项（签收、反馈、延期、办结等）", s.handleAPISupervisionAct),
		api("POST", "/api/v1/supervision/{id}/urge", need(delegOwn), "催办督办事项", s.handleAPISupervisionUrge),
		// 收文 API. (keep this block together)
		api("GET", "/api/v1/incoming", need(delegOwn), "收文登记簿（按状态、紧急程度、日期、来文机关、承办单位等查询）", s.handleAPIIncomingList),
		api("POST", "/api/v1/incoming", need(delegOwn), "签收登记收文（文电科文书）", s.handleAPIIncomingCreate),
		api("GET", "/api/v1/incoming/voided", need(delegOwn), "作废的收文号", s.handleAPIIncomingVoided),
		api("GET", "/api/v1/incoming/{id}", need(delegOwn), "收文详情：批示、传阅、承办单位、附件、办理过程、去向和可进行的操作", s.handleAPIIncomingItem),
		api("POST", "/api/v1/incoming/{id}/actions", need(delegOwn), "办理收文（拟办、呈批、批示、交办、签收、报送结果、办结、归档等）", s.handleAPIIncomingAct),
		uploadRoute(api("POST", "/api/v1/incoming/{id}/files", need(delegOwn), "上传收文附件", s.handleAPIIncomingUpload)),
		api("GET", "/api/v1/incoming/{id}/files/{file}", need(delegOwn), "下载收文附件", s.handleAPIIncomingFile),
		api("POST", "/api/v1/incoming/{id}/supervise", need(delegOwn), "收文转督办（督查员）", s.handleAPIIncomingSupervise),
		// 发文 API (begin)
		api("GET", "/api/v1/outgoing", need(delegOwn), "发文登记簿（按状态、文种、主办机关、拟稿人、日期等查询）", s.handleAPIOutgoingList),
		api("POST", "/api/v1/outgoing", need(delegOwn), "起草发文", s.handleAPIOutgoingCreate),
		api("GET", "/api/v1/outgoing/export", need(delegOwn), "导出发文登记簿（.xlsx）", s.handleAPIOutgoingExport),
		api("GET", "/api/v1/outgoing/{id}", need(delegOwn), "发文详情：各稿及修改痕迹、办理过程、附件、送达签收、去向、行文规则检查和可进行的操作", s.handleAPIOutgoingItem),
		api("PUT", "/api/v1/outgoing/{id}", need(delegOwn), "修改文稿（形成新的一稿）", s.handleAPIOutgoingUpdate),
		api("POST", "/api/v1/outgoing/{id}/actions", need(delegOwn), "办理发文（送核稿、核稿、会签、审核、签发、复核登记、核发、归档等）", s.handleAPIOutgoingAct),
		uploadRoute(api("POST", "/api/v1/outgoing/{id}/files", need(delegOwn), "上传发文附件", s.handleAPIOutgoingUpload)),
		api("GET", "/api/v1/outgoing/{id}/files/{file}", need(delegOwn), "下载发文附件", s.handleAPIOutgoingFile),
		api("GET", "/api/v1/outgoing/{id}/rendition", need(delegOwn), "下载版式文件（PDF）", s.handleOutgoingRendition),
		api("GET", "/api/v1/outgoing/{id}/rendition.sig", need(delegOwn), "下载签发记录的 SM2 签名（.sig）", s.handleOutgoingRenditionSig),
		// 发文 API (end)

		// 检索.
		page("GET", "/find", need(delegOwn), s.handleFind),
		api("GET", "/api/v1/search", need(delegOwn), "检索收文、督办事项（仅含本人有权查看的）", s.handleAPISearch),

		uploadRoute(api("POST", "/api/v1/import", need(orgManage), "批量导入单位或人员（.xlsx/.csv）", s.handleAPIImport)),
		api("GET", "/api/v1/audit", hidden(auditRead), "审计日志（审计管理员）", s.handleAPIAudit),
		api("POST", "/api/v1/audit/verify", hidden(auditRead), "校验审计日志哈希链", s.handleAPIAuditVerify),
		api("GET", "/api/v1/tokens", anyUser, "本人的接口令牌", s.handleAPITokens),
		api("POST", "/api/v1/tokens", anyUser, "创建接口令牌", s.handleAPITokenCreate),
		api("DELETE", "/api/v1/tokens/{id}", anyUser, "吊销接口令牌", s.handleAPITokenRevoke),
	}
}
