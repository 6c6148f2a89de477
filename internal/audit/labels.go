package audit

import (
	"github.com/zhongshu-oa/zhongshu/internal/workflow/incoming"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/outgoing"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/supervision"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// actionTable names audited actions in Chinese for the log page, its filter
// and exports, in the order the filter lists them. Each workflow action is
// audited as "<module>.<action>" (supervision.sign, incoming.instruct) and
// named from its workflow package.
var actionTable = append([]struct{ Code, Label string }{
	{"login", "登录"},
	{"login.failed", "登录失败"},
	{"logout", "退出"},
	{"account.locked", "账号锁定"},
	{"password.change", "修改密码"},
	{"totp.enable", "启用双因素"},
	{"unit.create", "新建单位"},
	{"unit.update", "修改单位"},
	{"user.create", "新建账号"},
	{"user.update", "修改账号"},
	{"user.roles", "调整角色"},
	{"user.ab", "设置AB角"},
	{"user.reset_password", "重置密码"},
	{"user.unlock", "解除锁定"},
	{"user.reset_totp", "重置双因素"},
	{"delegation.create", "新建委托"},
	{"delegation.revoke", "撤销委托"},
	{"org.import", "批量导入"},
	{"token.create", "创建接口令牌"},
	{"token.revoke", "吊销接口令牌"},
	{"audit.export", "导出审计日志"},
	{"audit.verify", "校验审计日志"},
	{"session.expired", "会话超时"},
	{"login.totp", "动态口令验证"},
	{"demo.load", "载入演示数据"},
	{"system.init", "系统初始化"},
	{"data.export", "导出数据"},
	{"job.run", "手动运行后台任务"},
	{"calendar.load", "载入节假日安排"},
	{"calendar.delete", "删除节假日安排"},
	{"robot.create", "添加消息机器人"},
	{"robot.delete", "删除消息机器人"},
	{"delivery.retry", "重新投递"},
	{"supervision.create", "督办立项登记"},
	{"supervision.urge", "催办"},
	{"incoming.attach", "收文上传附件"},
	{"incoming.import", "收文批量导入"},
	{"incoming.link_item", "收文转督办"},
	{"outgoing.create", "发文起草"},
	{"outgoing.attach", "发文上传附件"},
	{"signing_key.create", "生成发文签名密钥"},
}, workflowActionRows()...)

// workflowActionRows names every action of the 督办 and 收文 workflows.
func workflowActionRows() []struct{ Code, Label string } {
	var rows []struct{ Code, Label string }
	for _, a := range supervision.SupervisionActions() {
		rows = append(rows, struct{ Code, Label string }{"supervision." + string(a), "督办" + a.Label()})
	}
	for _, a := range incoming.Actions() {
		rows = append(rows, struct{ Code, Label string }{"incoming." + string(a), "收文" + a.Label()})
	}
	for _, a := range outgoing.Actions() {
		rows = append(rows, struct{ Code, Label string }{"outgoing." + string(a), "发文" + a.Label()})
	}
	return rows
}

// ActionLabel returns the Chinese name of an audited action, or the action
// itself when it has none.
func ActionLabel(action string) string {
	for _, a := range actionTable {
		if a.Code == action {
			return a.Label
		}
	}
	return action
}

// Actions lists the known actions for filters, in a stable order.
func Actions() []string {
	codes := make([]string, len(actionTable))
	for i, a := range actionTable {
		codes[i] = a.Code
	}
	return codes
}

var objectLabels = map[string]string{
	"user": "用户", "unit": "单位", "delegation": "委托", "api_token": "接口令牌", "session": "会话",
	"system": "系统", "audit": "审计日志", "units": "单位", "people": "人员",
	"job": "后台任务", "robot": "消息机器人", "delivery": "消息投递", "calendar": "工作日历",
	"supervision": "督办事项", "incoming": "收文", "outgoing": "发文",
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
	if st := zhongshu.IncomingStatus(state); st.Valid() {
		return st.Label()
	}
	return state
}
