package config

import (
	"flag"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

func TestDefaultValid(t *testing.T) {
	c := Default()
	if err := c.Validate(); err != nil {
		t.Fatalf("Default().Validate() = %v, want nil", err)
	}
}

func TestDefault(t *testing.T) {
	want := Config{
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
	if diff := cmp.Diff(want, Default(), cmp.AllowUnexported(Config{})); diff != "" {
		t.Errorf("Default() mismatch (-want +got):\n%s", diff)
	}
	// Each call returns its own slice.
	a := Default()
	a.RequireTOTP[0] = zhongshu.RoleClerk
	if got := Default().RequireTOTP[0]; got != zhongshu.RoleSysAdmin {
		t.Errorf("changing one Default().RequireTOTP changed the next: %q", got)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Config)
		want   string // the error's text; "" for valid
	}{
		{"defaults", func(c *Config) {}, ""},
		{"postgres URL without data folder", func(c *Config) { c.DB, c.DataDir = "postgres://zs@db:5432/zhongshu", "" }, ""},
		{"postgresql URL", func(c *Config) { c.DB = "postgresql://zs@db/zhongshu?sslmode=disable" }, ""},
		{"synchronous normal in lower case", func(c *Config) { c.Synchronous = "normal" }, ""},
		{"idle timeout exactly 1m", func(c *Config) { c.IdleTimeout, c.SessionLifetime = time.Minute, time.Minute }, ""},
		{"lockout after 1 for 1m", func(c *Config) { c.LockoutAfter, c.LockoutFor = 1, time.Minute }, ""},
		{"log level debug", func(c *Config) { c.LogLevel = "debug" }, ""},
		{"log level warn", func(c *Config) { c.LogLevel = "warn" }, ""},
		{"log level error", func(c *Config) { c.LogLevel = "error" }, ""},
		{"passwords never expire", func(c *Config) { c.PasswordMaxAge = 0 }, ""},
		{"no TOTP required", func(c *Config) { c.RequireTOTP = nil }, ""},

		{"empty addr", func(c *Config) { c.Addr = "" }, "config: addr is empty"},
		{"empty data folder without db", func(c *Config) { c.DataDir = "" }, "config: data folder is empty"},
		{"mysql db", func(c *Config) { c.DB = "mysql://zs@db/zhongshu" }, "config: db must be a postgres:// URL"},
		{"db as a file path", func(c *Config) { c.DB = "/var/lib/zhongshu/zhongshu.db" }, "config: db must be a postgres:// URL"},
		{"synchronous OFF", func(c *Config) { c.Synchronous = "OFF" }, "config: sqlite-synchronous must be FULL or NORMAL"},
		{"synchronous empty", func(c *Config) { c.Synchronous = "" }, "config: sqlite-synchronous must be FULL or NORMAL"},
		{"idle timeout 59s", func(c *Config) { c.IdleTimeout = 59 * time.Second }, "config: idle-timeout must be at least 1m"},
		{"idle timeout 0", func(c *Config) { c.IdleTimeout = 0 }, "config: idle-timeout must be at least 1m"},
		{"session shorter than idle", func(c *Config) { c.SessionLifetime = 29 * time.Minute },
			"config: session-lifetime must not be shorter than idle-timeout"},
		{"lockout after 0", func(c *Config) { c.LockoutAfter = 0 }, "config: lockout-after must be at least 1"},
		{"lockout after -1", func(c *Config) { c.LockoutAfter = -1 }, "config: lockout-after must be at least 1"},
		{"lockout for 30s", func(c *Config) { c.LockoutFor = 30 * time.Second }, "config: lockout-for must be at least 1m"},
		{"log level verbose", func(c *Config) { c.LogLevel = "verbose" }, "config: log-level must be debug, info, warn or error"},
		{"log level upper case", func(c *Config) { c.LogLevel = "INFO" }, "config: log-level must be debug, info, warn or error"},
		{"log level empty", func(c *Config) { c.LogLevel = "" }, "config: log-level must be debug, info, warn or error"},
		{"several problems", func(c *Config) { c.Addr, c.LockoutAfter, c.LogLevel = "", 0, "trace" },
			"config: addr is empty; lockout-after must be at least 1; log-level must be debug, info, warn or error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			tt.change(&c)
			got := ""
			if err := c.Validate(); err != nil {
				got = err.Error()
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Validate() error mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// fakeEnv returns a getenv reading from m.
func fakeEnv(m map[string]string) func(string) string {
	return func(name string) string { return m[name] }
}

// parseServe registers every flag of the serve command on a fresh
// configuration and parses args.
func parseServe(env map[string]string, args ...string) (Config, error) {
	c := Default()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.Register(fs, fakeEnv(env))
	c.RegisterServe(fs, fakeEnv(env))
	err := fs.Parse(args)
	return c, err
}

func TestRegisterServe(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want func(*Config) // applied to Default()
	}{
		{name: "nothing set", want: func(c *Config) {}},
		{
			name: "environment",
			env: map[string]string{
				"ZHONGSHU_ADDR": "0.0.0.0:9000", "ZHONGSHU_DEMO": "true", "ZHONGSHU_IDLE_TIMEOUT": "10m",
				"ZHONGSHU_REQUIRE_TOTP": "none",
			},
			want: func(c *Config) {
				c.Addr, c.Demo, c.IdleTimeout, c.RequireTOTP = "0.0.0.0:9000", true, 10*time.Minute, nil
			},
		},
		{
			name: "environment: every setting",
			env: map[string]string{
				"ZHONGSHU_DATA": "/srv/zhongshu", "ZHONGSHU_DB": "postgres://zs@db/zhongshu",
				"ZHONGSHU_SQLITE_SYNCHRONOUS": "NORMAL", "ZHONGSHU_OFFICE_NAME": "清河县人民政府办公室",
				"ZHONGSHU_WATERMARK": "false", "ZHONGSHU_SESSION_LIFETIME": "8h", "ZHONGSHU_PASSWORD_MAX_AGE": "0",
				"ZHONGSHU_LOCKOUT_AFTER": "3", "ZHONGSHU_LOCKOUT_FOR": "1h", "ZHONGSHU_SECURE_COOKIES": "1",
				"ZHONGSHU_LOG_LEVEL": "debug",
			},
			want: func(c *Config) {
				c.DataDir, c.DB, c.Synchronous, c.OfficeName = "/srv/zhongshu", "postgres://zs@db/zhongshu", "NORMAL", "清河县人民政府办公室"
				c.Watermark, c.SessionLifetime, c.PasswordMaxAge = false, 8*time.Hour, 0
				c.LockoutAfter, c.LockoutFor, c.SecureCookies, c.LogLevel = 3, time.Hour, true, "debug"
			},
		},
		{
			name: "environment: role list",
			env:  map[string]string{"ZHONGSHU_REQUIRE_TOTP": "sys_admin, sec_admin,,county_head"},
			want: func(c *Config) {
				c.RequireTOTP = []zhongshu.Role{zhongshu.RoleSysAdmin, zhongshu.RoleSecAdmin, zhongshu.RoleCountyHead}
			},
		},
		{
			name: "environment: none with spaces",
			env:  map[string]string{"ZHONGSHU_REQUIRE_TOTP": " none "},
			want: func(c *Config) { c.RequireTOTP = nil },
		},
		{
			name: "environment without the prefix is ignored",
			env:  map[string]string{"ADDR": "0.0.0.0:9000", "DEMO": "true"},
			want: func(c *Config) {},
		},
		{
			name: "flags",
			args: []string{
				"--addr", ":8443", "--demo", "--data", "d", "--office-name", "某某县政府办", "--watermark=false",
				"--idle-timeout", "5m", "--session-lifetime", "1h", "--password-max-age", "0",
				"--lockout-after", "10", "--lockout-for", "2m", "--require-totp", "sec_admin",
				"--secure-cookies", "--log-level", "warn", "--dev", "--sqlite-synchronous", "NORMAL",
			},
			want: func(c *Config) {
				c.Addr, c.Demo, c.DataDir, c.OfficeName, c.Watermark = ":8443", true, "d", "某某县政府办", false
				c.IdleTimeout, c.SessionLifetime, c.PasswordMaxAge = 5*time.Minute, time.Hour, 0
				c.LockoutAfter, c.LockoutFor, c.RequireTOTP = 10, 2*time.Minute, []zhongshu.Role{zhongshu.RoleSecAdmin}
				c.SecureCookies, c.LogLevel, c.Dev, c.Synchronous = true, "warn", true, "NORMAL"
			},
		},
		{
			name: "flags override the environment",
			env: map[string]string{
				"ZHONGSHU_ADDR": "0.0.0.0:9000", "ZHONGSHU_DEMO": "true", "ZHONGSHU_IDLE_TIMEOUT": "10m",
				"ZHONGSHU_REQUIRE_TOTP": "none", "ZHONGSHU_DATA": "/srv/env", "ZHONGSHU_LOCKOUT_AFTER": "3",
			},
			args: []string{
				"--addr", "127.0.0.1:7000", "--demo=false", "--idle-timeout", "20m",
				"--require-totp", "sys_admin,audit_admin", "--data", "/srv/flag", "--lockout-after", "7",
			},
			want: func(c *Config) {
				c.Addr, c.IdleTimeout, c.DataDir, c.LockoutAfter = "127.0.0.1:7000", 20*time.Minute, "/srv/flag", 7
				c.RequireTOTP = []zhongshu.Role{zhongshu.RoleSysAdmin, zhongshu.RoleAuditAdmin}
			},
		},
		{
			name: "flag none overrides an environment role list",
			env:  map[string]string{"ZHONGSHU_REQUIRE_TOTP": "sys_admin"},
			args: []string{"--require-totp", "none"},
			want: func(c *Config) { c.RequireTOTP = nil },
		},
		{
			name: "last require-totp flag wins",
			args: []string{"--require-totp", "sys_admin", "--require-totp", "clerk"},
			want: func(c *Config) { c.RequireTOTP = []zhongshu.Role{zhongshu.RoleClerk} },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseServe(tt.env, tt.args...)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.args, err)
			}
			want := Default()
			tt.want(&want)
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(Config{})); diff != "" {
				t.Errorf("configuration mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRegisterServeErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // part of the parse error
	}{
		{"unknown role", []string{"--require-totp", "bogus"}, `unknown role "bogus"`},
		{"unknown role in a list", []string{"--require-totp", "sys_admin,bogus"}, `unknown role "bogus"`},
		{"role label instead of code", []string{"--require-totp", "系统管理员"}, `unknown role "系统管理员"`},
		{"bad duration", []string{"--idle-timeout", "10"}, "idle-timeout"},
		{"bad number", []string{"--lockout-after", "five"}, "lockout-after"},
		{"unknown flag", []string{"--bogus"}, "bogus"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseServe(nil, tt.args...)
			if err == nil {
				t.Fatalf("Parse(%q) = nil, want an error containing %q", tt.args, tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse(%q) = %v, want an error containing %q", tt.args, err, tt.want)
			}
		})
	}
}

// A misspelt ZHONGSHU_REQUIRE_TOTP must not silently drop the second factor
// of the three administrators.
func TestRegisterServeBadRequireTOTPEnv(t *testing.T) {
	admins := []zhongshu.Role{zhongshu.RoleSysAdmin, zhongshu.RoleSecAdmin, zhongshu.RoleAuditAdmin}
	for _, v := range []string{"bogus", "sys_admin,bogus", "sysadmin"} {
		c, err := parseServe(map[string]string{"ZHONGSHU_REQUIRE_TOTP": v})
		if err == nil {
			err = c.Validate()
		}
		if err == nil && !cmp.Equal(admins, c.RequireTOTP) {
			t.Errorf("ZHONGSHU_REQUIRE_TOTP=%q: no error and RequireTOTP = %q", v, c.RequireTOTP)
		}
	}
}

func TestRegister(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want func(*Config)
	}{
		{name: "defaults", want: func(c *Config) {}},
		{
			name: "environment",
			env:  map[string]string{"ZHONGSHU_DATA": "/srv/zhongshu", "ZHONGSHU_SQLITE_SYNCHRONOUS": "NORMAL"},
			want: func(c *Config) { c.DataDir, c.Synchronous = "/srv/zhongshu", "NORMAL" },
		},
		{
			name: "flag overrides environment",
			env:  map[string]string{"ZHONGSHU_DB": "postgres://env/zhongshu"},
			args: []string{"--db", "postgres://flag/zhongshu"},
			want: func(c *Config) { c.DB = "postgres://flag/zhongshu" },
		},
		{
			name: "server settings in the environment are not read",
			env:  map[string]string{"ZHONGSHU_ADDR": "0.0.0.0:9000", "ZHONGSHU_DEMO": "true", "ZHONGSHU_REQUIRE_TOTP": "none"},
			want: func(c *Config) {},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Default()
			fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			got.Register(fs, fakeEnv(tt.env))
			if err := fs.Parse(tt.args); err != nil {
				t.Fatalf("Parse(%q): %v", tt.args, err)
			}
			want := Default()
			tt.want(&want)
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(Config{})); diff != "" {
				t.Errorf("configuration mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRegisterHasNoServerFlags(t *testing.T) {
	c := Default()
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.Register(fs, fakeEnv(nil))
	if err := fs.Parse([]string{"--addr", ":9000"}); err == nil {
		t.Error("Register defined --addr; want only the database flags")
	}
}

func TestDSN(t *testing.T) {
	tests := []struct {
		name    string
		dataDir string
		db      string
		want    string
	}{
		{"default data folder", "zhongshu-data", "", filepath.Join("zhongshu-data", "zhongshu.db")},
		{"absolute data folder", "/var/lib/zhongshu", "", filepath.Join("/var/lib/zhongshu", "zhongshu.db")},
		{"data folder with trailing slash", "/var/lib/zhongshu/", "", filepath.Join("/var/lib/zhongshu", "zhongshu.db")},
		{"postgres", "zhongshu-data", "postgres://zs:secret@db:5432/zhongshu", "postgres://zs:secret@db:5432/zhongshu"},
		{"postgres without data folder", "", "postgresql://db/zhongshu", "postgresql://db/zhongshu"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			c.DataDir, c.DB = tt.dataDir, tt.db
			if got := c.DSN(); got != tt.want {
				t.Errorf("DSN() = %q, want %q", got, tt.want)
			}
		})
	}
}
