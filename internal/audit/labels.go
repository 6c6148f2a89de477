package audit

import "github.com/zhongshu-oa/zhongshu/internal/zhongshu"

// actionLabels names audited actions in Chinese for the log page and exports.
var actionLabels = map[string]string{
	"login":               "登录",
	"login.totp":          "动态口令验证",
	"login.failed":        "登录失败",
	"logout":              "退出",
	"session.expired":     "会话超时",
	"account.locked":      "账号锁定",
	"password.change":     "修改密码",
	"totp.enable":         "启用双因素",
	"token.create":        "创建接口令牌",
	"token.revoke":        "吊销接口令牌",
	"unit.create":         "新建单位",
	"unit.update":         "修改单位",
	"user.create":         "新建账号",
	"user.update":         "修改账号",
	"user.roles":          "调整角色",
	"user.ab":             "设置AB角",
	"user.reset_password": "重置密码",
	"user.unlock":         "解除锁定",
	"user.reset_totp":     "重置双因素",
	"delegation.create":   "新建委托",
	"delegation.revoke":   "撤销委托",
	"org.import":          "批量导入",
	"audit.export":        "导出审计日志",
	"audit.verify":        "校验审计日志",
	"demo.load":           "载入演示数据",
	"system.init":         "系统初始化",
	"data.export":         "导出数据",
	"job.run":             "手动运行后台任务",
	"calendar.load":       "载入节假日安排",
	"calendar.delete":     "删除节假日安排",
	"robot.create":        "添加消息机器人",
	"robot.delete":        "删除消息机器人",
	"delivery.retry":      "重新投递",
	// 督查督办: creation and every action of the workflow (supervision.Action).
	"supervision.create":                        "督办立项登记",
	"supervision.urge":                          "催办",
	"supervision.submit":                        "督办提交立项",
	"supervision.approve":                       "督办批准立项",
	"supervision.reject":                        "督办不予立项",
	"supervision.sign":                          "督办签收",
	"supervision.object":                        "督办提出异议",
	"supervision.reassign":                      "督办重新交办",
	"supervision.refuse_transfer":               "督办不同意转办",
	"supervision.report":                        "督办阶段反馈",
	"supervision.send_input":                    "督办报送协办意见",
	"supervision.request_extension":             "督办申请延期",
	"supervision.approve_extension":             "督办批准延期",
	"supervision.reject_extension":              "督办不批准延期",
	"supervision.request_completion":            "督办申请办结",
	"supervision.accept":                        "督办审核通过",
	"supervision.return":                        "督办退回重办",
	"supervision.leader_close":                  "督办审阅办结",
	"supervision.leader_close_with_instruction": "督办审阅并作出新批示",
	"supervision.evaluate_close":                "督办评价销号",
	"supervision.archive":                       "督办归档",
	"supervision.suspend":                       "督办暂缓办理",
	"supervision.resume":                        "督办恢复办理",
	"supervision.cancel":                        "督办撤销立项",
}

// ActionLabel returns the Chinese name of an audited action, or the action
// itself when it has none.
func ActionLabel(action string) string {
	if l, ok := actionLabels[action]; ok {
		return l
	}
	return action
}

// Actions lists the known actions for filters, in a stable order.
func Actions() []string {
	return []string{"login", "login.failed", "logout", "account.locked", "password.change", "totp.enable",
		"unit.create", "unit.update", "user.create", "user.update", "user.roles", "user.ab", "user.reset_password",
		"user.unlock", "user.reset_totp", "delegation.create", "delegation.revoke", "org.import", "token.create",
		"token.revoke", "audit.export", "audit.verify", "session.expired", "login.totp", "demo.load", "system.init",
		"data.export", "job.run", "calendar.load", "calendar.delete", "robot.create", "robot.delete", "delivery.retry",
		"supervision.create", "supervision.urge", "supervision.submit", "supervision.approve", "supervision.reject", "supervision.sign",
		"supervision.object", "supervision.reassign", "supervision.refuse_transfer", "supervision.report",
		"supervision.send_input", "supervision.request_extension", "supervision.approve_extension",
		"supervision.reject_extension", "supervision.request_completion", "supervision.accept", "supervision.return",
		"supervision.leader_close", "supervision.leader_close_with_instruction", "supervision.evaluate_close",
		"supervision.archive", "supervision.suspend", "supervision.resume", "supervision.cancel"}
}

var objectLabels = map[string]string{
	"user": "用户", "unit": "单位", "delegation": "委托", "api_token": "接口令牌", "session": "会话",
	"system": "系统", "audit": "审计日志", "units": "单位", "people": "人员",
	"job": "后台任务", "robot": "消息机器人", "delivery": "消息投递", "calendar": "工作日历",
	"supervision": "督办事项",
}

// ObjectLabel returns the Chinese name of an audited object type.
func ObjectLabel(objectType string) string {
	if l, ok := objectLabels[objectType]; ok {
		return l
	}
	return objectType
}

var stateLabels = map[string]string{
	"full": "已登录", "totp": "待验证动态口令", "enrol_totp": "待绑定双因素", "change_password": "待修改密码",
	"active": "生效", "revoked": "已撤销",
}

// StateLabel returns the Chinese name of a state recorded in the audit log;
// role lists and other values are shown as they are.
func StateLabel(state string) string {
	if l, ok := stateLabels[state]; ok {
		return l
	}
	if st := zhongshu.SupervisionStatus(state); st.Valid() {
		return st.Label()
	}
	return state
}
