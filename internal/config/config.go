// Package config holds Zhongshu's settings with their defaults, reads them
// from command-line flags and ZHONGSHU_* environment variables, and
// validates them. No other package reads the environment.
package config

import (
	"flag"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// Config is every setting of a Zhongshu instance.
type Config struct {
	Addr string // listen address
	// PprofAddr, when set, serves Go's profiler (net/http/pprof) on its own
	// loopback listener, for measuring the server (BENCHMARKS.md).
	PprofAddr   string
	DataDir     string // data folder for the embedded database and files
	DB          string // database: a postgres:// URL, or empty for SQLite in DataDir
	Demo        bool   // load the demo county and accept the demo password
	Synchronous string // SQLite synchronous: FULL or NORMAL

	OfficeName      string        // shown in the top bar
	Watermark       bool          // page-wide watermark with the viewer's name and the date
	IdleTimeout     time.Duration // sign out after this long without activity
	SessionLifetime time.Duration // sign out after this long in any case
	PasswordMaxAge  time.Duration // passwords expire after this long; 0 = never
	LockoutAfter    int           // failed sign-ins before the account locks
	LockoutFor      time.Duration // how long it stays locked
	RequireTOTP     []zhongshu.Role
	envErr          error // a bad value in the environment, reported by Validate
	SecureCookies   bool  // mark cookies Secure (behind TLS)

	// Deadlines (DOMAIN.md §2.6, §5.6, §9.1).
	CloseOfDay    time.Duration // end of a working day for deadlines, from midnight; 24h = 24:00
	CountStartDay bool          // count the start day in "N个工作日"
	WarnWorkdays  int           // 蓝 临期 this many working days before a deadline
	HeldWorkdays  int           // 压 after this many working days without action
	DigestAt      time.Duration // daily digest time, from midnight, on working days

	// SupervisionDeadlines are the default 办结时限 per 督办 source
	// (DOMAIN.md §5.2), see zhongshu.ParseDeadlineRules.
	SupervisionDeadlines string

	// Attachments (DOMAIN.md §2.4): the largest file, in MiB, and the
	// extensions accepted, comma-separated.
	AttachmentMaxMB int
	AttachmentTypes string

	// 发文 rendition (GB/T 9704): TrueType fonts for 仿宋 (body; "" = the
	// first known free CJK font found on the machine), 黑体, 楷体 and 小标宋
	// ("" = the body font). A county installs its licensed fonts here.
	FontFangSong string
	FontHei      string
	FontKai      string
	FontTitle    string
	FontLatin    string // digits and Latin letters ("" = a free serif font found on the machine)
	// SigningKEK is the SM4 key (32 hex digits) that seals the issuing
	// units' SM2 signing keys in the database; "" = a key kept in the data
	// folder (signing.kek), made on first use.
	SigningKEK string

	// Notification delivery.
	PublicURL    string // the address users open, for links in e-mail and IM (e.g. https://oa.county.gov.cn)
	SMTPHost     string // "" = no e-mail
	SMTPPort     int
	SMTPUser     string
	SMTPPassword string
	SMTPFrom     string
	SMTPTLS      string // none, starttls, tls
	LogLevel     string // debug, info, warn, error
	Dev          bool   // reload templates from disk
}

// Default returns the defaults.
func Default() Config {
	return Config{
		Addr:                 "127.0.0.1:8080",
		DataDir:              "zhongshu-data",
		Synchronous:          "FULL",
		OfficeName:           "某某县人民政府办公室",
		Watermark:            true,
		IdleTimeout:          30 * time.Minute,
		SessionLifetime:      12 * time.Hour,
		PasswordMaxAge:       90 * 24 * time.Hour,
		LockoutAfter:         5,
		LockoutFor:           15 * time.Minute,
		RequireTOTP:          []zhongshu.Role{zhongshu.RoleSysAdmin, zhongshu.RoleSecAdmin, zhongshu.RoleAuditAdmin},
		LogLevel:             "info",
		CloseOfDay:           24 * time.Hour,
		WarnWorkdays:         2,
		HeldWorkdays:         1,
		DigestAt:             17*time.Hour + 30*time.Minute,
		SupervisionDeadlines: zhongshu.DefaultDeadlineRules,
		AttachmentMaxMB:      50,
		AttachmentTypes:      "pdf,ofd,doc,docx,wps,xls,xlsx,et,txt,jpg,jpeg,png,zip",
		PublicURL:            "http://127.0.0.1:8080",
		SMTPPort:             25,
		SMTPTLS:              "starttls",
	}
}

// DSN returns the database address: DB when set, else the SQLite file in
// the data folder.
func (c *Config) DSN() string {
	if c.DB != "" {
		return c.DB
	}
	return filepath.Join(c.DataDir, "zhongshu.db")
}

// Register adds the database flags every subcommand needs to fs, with
// defaults taken from the environment.
func (c *Config) Register(fs *flag.FlagSet, getenv func(string) string) {
	env := func(name, def string) string {
		if v := getenv("ZHONGSHU_" + name); v != "" {
			return v
		}
		return def
	}
	fs.StringVar(&c.DataDir, "data", env("DATA", c.DataDir), "数据目录 (data folder)")
	fs.StringVar(&c.DB, "db", env("DB", c.DB), "PostgreSQL 地址 postgres://…；留空则使用数据目录中的 SQLite")
	fs.StringVar(&c.Synchronous, "sqlite-synchronous", env("SQLITE_SYNCHRONOUS", c.Synchronous), "SQLite synchronous: FULL or NORMAL")
}

// RegisterServe adds the server's flags to fs.
func (c *Config) RegisterServe(fs *flag.FlagSet, getenv func(string) string) {
	env := func(name, def string) string {
		if v := getenv("ZHONGSHU_" + name); v != "" {
			return v
		}
		return def
	}
	fs.StringVar(&c.Addr, "addr", env("ADDR", c.Addr), "监听地址 (listen address)")
	fs.StringVar(&c.PprofAddr, "pprof", env("PPROF", c.PprofAddr), "性能剖析监听地址（仅限本机，如 127.0.0.1:6060；默认不开）")
	fs.IntVar(&c.AttachmentMaxMB, "attachment-max-mb", envInt(env("ATTACHMENT_MAX_MB", ""), c.AttachmentMaxMB), "单个附件最大（MB）")
	fs.StringVar(&c.AttachmentTypes, "attachment-types", env("ATTACHMENT_TYPES", c.AttachmentTypes), "允许的附件类型（扩展名，逗号分隔）")
	fs.StringVar(&c.FontFangSong, "font", env("FONT", c.FontFangSong), "公文正文字体（仿宋，TrueType 文件路径）")
	fs.StringVar(&c.FontHei, "font-hei", env("FONT_HEI", c.FontHei), "公文黑体字体文件")
	fs.StringVar(&c.FontKai, "font-kai", env("FONT_KAI", c.FontKai), "公文楷体字体文件")
	fs.StringVar(&c.FontLatin, "font-latin", env("FONT_LATIN", c.FontLatin), "公文数字和西文字体文件（如 Times New Roman）")
	fs.StringVar(&c.FontTitle, "font-title", env("FONT_TITLE", c.FontTitle), "公文标题字体文件（小标宋）")
	fs.StringVar(&c.SigningKEK, "signing-kek", env("SIGNING_KEK", c.SigningKEK), "签发签名私钥的保护密钥（SM4，32位十六进制）")
	fs.BoolVar(&c.Demo, "demo", envBool(env("DEMO", ""), c.Demo), "演示模式：载入演示县数据，启用演示密码")
	fs.StringVar(&c.OfficeName, "office-name", env("OFFICE_NAME", c.OfficeName), "单位名称，显示在页面顶部")
	fs.BoolVar(&c.Watermark, "watermark", envBool(env("WATERMARK", ""), c.Watermark), "页面水印（姓名+日期）")
	fs.DurationVar(&c.IdleTimeout, "idle-timeout", envDuration(env("IDLE_TIMEOUT", ""), c.IdleTimeout), "无操作自动退出时间")
	fs.DurationVar(&c.SessionLifetime, "session-lifetime", envDuration(env("SESSION_LIFETIME", ""), c.SessionLifetime), "会话最长有效期")
	fs.DurationVar(&c.PasswordMaxAge, "password-max-age", envDuration(env("PASSWORD_MAX_AGE", ""), c.PasswordMaxAge), "密码有效期（0 表示不过期）")
	fs.IntVar(&c.LockoutAfter, "lockout-after", envInt(env("LOCKOUT_AFTER", ""), c.LockoutAfter), "连续登录失败多少次后锁定")
	fs.DurationVar(&c.LockoutFor, "lockout-for", envDuration(env("LOCKOUT_FOR", ""), c.LockoutFor), "锁定时长")
	fs.Func("require-totp", "须使用双因素登录的角色，逗号分隔（默认三员）；none 表示不要求", func(s string) error {
		return c.setRequireTOTP(s)
	})
	if v := env("REQUIRE_TOTP", ""); v != "" {
		if err := c.setRequireTOTP(v); err != nil {
			c.envErr = fmt.Errorf("ZHONGSHU_REQUIRE_TOTP: %w", err)
		}
	}
	fs.BoolVar(&c.SecureCookies, "secure-cookies", envBool(env("SECURE_COOKIES", ""), c.SecureCookies), "Cookie 仅经 HTTPS 发送（部署在 TLS 之后时开启）")
	fs.StringVar(&c.LogLevel, "log-level", env("LOG_LEVEL", c.LogLevel), "日志级别 debug/info/warn/error")
	fs.DurationVar(&c.CloseOfDay, "close-of-day", envDuration(env("CLOSE_OF_DAY", ""), c.CloseOfDay), "期限截止时刻（距零点），如 17h30m；24h 表示当日24:00")
	fs.BoolVar(&c.CountStartDay, "count-start-day", envBool(env("COUNT_START_DAY", ""), c.CountStartDay), "“N个工作日”是否计入起始日")
	fs.IntVar(&c.WarnWorkdays, "warn-workdays", envInt(env("WARN_WORKDAYS", ""), c.WarnWorkdays), "到期前多少个工作日发出蓝色预警")
	fs.IntVar(&c.HeldWorkdays, "held-workdays", envInt(env("HELD_WORKDAYS", ""), c.HeldWorkdays), "超过多少个工作日未处理记为“压”")
	fs.DurationVar(&c.DigestAt, "digest-at", envDuration(env("DIGEST_AT", ""), c.DigestAt), "每日汇总发送时刻（距零点），如 17h30m")
	fs.StringVar(&c.SupervisionDeadlines, "supervision-deadlines", env("SUPERVISION_DEADLINES", c.SupervisionDeadlines),
		"督办各来源的默认办结时限，如 instruction=15w,meeting=5w,document=30d（w 工作日，d 日，m 月）")
	fs.StringVar(&c.PublicURL, "public-url", env("PUBLIC_URL", c.PublicURL), "用户访问本系统的地址，用于邮件和机器人消息中的链接")
	fs.StringVar(&c.SMTPHost, "smtp-host", env("SMTP_HOST", c.SMTPHost), "SMTP 服务器；留空则不发邮件")
	fs.IntVar(&c.SMTPPort, "smtp-port", envInt(env("SMTP_PORT", ""), c.SMTPPort), "SMTP 端口")
	fs.StringVar(&c.SMTPUser, "smtp-user", env("SMTP_USER", c.SMTPUser), "SMTP 用户名")
	fs.StringVar(&c.SMTPPassword, "smtp-password", env("SMTP_PASSWORD", c.SMTPPassword), "SMTP 密码（建议用环境变量 ZHONGSHU_SMTP_PASSWORD）")
	fs.StringVar(&c.SMTPFrom, "smtp-from", env("SMTP_FROM", c.SMTPFrom), "发件人，如 中枢 <oa@county.gov.cn>")
	fs.StringVar(&c.SMTPTLS, "smtp-tls", env("SMTP_TLS", c.SMTPTLS), "SMTP 加密：none、starttls、tls")
	fs.BoolVar(&c.Dev, "dev", false, "开发模式：每次请求重新读取模板")
}

// setRequireTOTP replaces the roles that must use a second factor. On a
// bad value it keeps the previous setting: a typo must never switch the
// requirement off.
func (c *Config) setRequireTOTP(s string) error {
	if strings.TrimSpace(s) == "none" {
		c.RequireTOTP = nil
		return nil
	}
	var roles []zhongshu.Role
	for _, part := range strings.Split(s, ",") {
		r := zhongshu.Role(strings.TrimSpace(part))
		if r == "" {
			continue
		}
		if !r.Valid() {
			return fmt.Errorf("unknown role %q", r)
		}
		roles = append(roles, r)
	}
	c.RequireTOTP = roles
	return nil
}

// Validate checks the settings.
func (c *Config) Validate() error {
	var errs []string
	if c.envErr != nil {
		errs = append(errs, c.envErr.Error())
	}
	if c.Addr == "" {
		errs = append(errs, "addr is empty")
	}
	if c.DB == "" && c.DataDir == "" {
		errs = append(errs, "data folder is empty")
	}
	if c.DB != "" && !strings.HasPrefix(c.DB, "postgres://") && !strings.HasPrefix(c.DB, "postgresql://") {
		errs = append(errs, "db must be a postgres:// URL")
	}
	if s := strings.ToUpper(c.Synchronous); s != "FULL" && s != "NORMAL" {
		errs = append(errs, "sqlite-synchronous must be FULL or NORMAL")
	}
	if c.IdleTimeout < time.Minute {
		errs = append(errs, "idle-timeout must be at least 1m")
	}
	if c.SessionLifetime < c.IdleTimeout {
		errs = append(errs, "session-lifetime must not be shorter than idle-timeout")
	}
	if c.AttachmentMaxMB < 1 || c.AttachmentMaxMB > 1024 {
		errs = append(errs, "attachment-max-mb must be between 1 and 1024")
	}
	if strings.Trim(c.AttachmentTypes, ", ") == "" {
		errs = append(errs, "attachment-types is empty")
	}
	if c.LockoutAfter < 1 {
		errs = append(errs, "lockout-after must be at least 1")
	}
	if c.LockoutFor < time.Minute {
		errs = append(errs, "lockout-for must be at least 1m")
	}
	if c.CloseOfDay <= 0 || c.CloseOfDay > 24*time.Hour {
		errs = append(errs, "close-of-day must be between 0 and 24h")
	}
	if c.WarnWorkdays < 0 || c.WarnWorkdays > 30 {
		errs = append(errs, "warn-workdays must be between 0 and 30")
	}
	if c.HeldWorkdays < 0 || c.HeldWorkdays > 30 {
		errs = append(errs, "held-workdays must be between 0 and 30")
	}
	if c.DigestAt < 0 || c.DigestAt >= 24*time.Hour {
		errs = append(errs, "digest-at must be between 0 and 24h")
	}
	if _, err := zhongshu.ParseDeadlineRules(c.SupervisionDeadlines); err != nil {
		errs = append(errs, "supervision-deadlines: "+err.Error())
	}
	if c.SMTPHost != "" && c.SMTPFrom == "" {
		errs = append(errs, "smtp-from is required with smtp-host")
	}
	switch c.SMTPTLS {
	case "none", "starttls", "tls":
	default:
		errs = append(errs, "smtp-tls must be none, starttls or tls")
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, "log-level must be debug, info, warn or error")
	}
	if len(errs) > 0 {
		return fmt.Errorf("config: %s", strings.Join(errs, "; "))
	}
	return nil
}

func envBool(s string, def bool) bool {
	if b, err := strconv.ParseBool(s); err == nil {
		return b
	}
	return def
}

func envInt(s string, def int) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return def
}

func envDuration(s string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(s); err == nil {
		return d
	}
	return def
}

// AttachmentExtensions returns the accepted attachment extensions,
// lowercase and without dots.
func (c *Config) AttachmentExtensions() []string {
	var out []string
	for _, e := range strings.Split(c.AttachmentTypes, ",") {
		if e = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(e), ".")); e != "" {
			out = append(out, e)
		}
	}
	return out
}

// FilesDir is where attachment contents are kept.
func (c *Config) FilesDir() string { return filepath.Join(c.DataDir, "files") }
