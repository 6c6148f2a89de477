// Package web serves Zhongshu's pages and its JSON API. Every route is
// listed in routes.go with who may use it; handlers return errors, and one
// writer turns them into an error page or a JSON body.
package web

import (
	"embed"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/auth"
	"github.com/zhongshu-oa/zhongshu/internal/config"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

//go:embed templates static
var files embed.FS

// Server is the HTTP side of Zhongshu.
type Server struct {
	app      *app.App
	cfg      config.Config
	log      *slog.Logger
	clock    zhongshu.Clock
	pages    *pages
	static   *staticFiles
	throttle *auth.Throttle
	metrics  *metrics
	routes   []route
	handler  http.Handler
	live     *broker
	jobNames []string
	runJob   JobRunner
	// jsonBufs holds buffers for the hand-written JSON (api_work_json.go).
	jsonBufs sync.Pool
}

// New builds the server: templates are parsed and static files hashed once
// here, so a broken template fails at start, not on a user's screen.
func New(a *app.App, log *slog.Logger, clock zhongshu.Clock) (*Server, error) {
	if clock == nil {
		clock = zhongshu.SystemClock{}
	}
	s := &Server{
		app:      a,
		cfg:      a.Config(),
		log:      log,
		clock:    clock,
		throttle: auth.NewThrottle(30, 5*time.Minute),
		metrics:  newMetrics(),
		live:     newBroker(),
	}
	var err error
	if s.static, err = newStaticFiles(files); err != nil {
		return nil, err
	}
	if s.pages, err = newPages(files, s.cfg.Dev, s.static, clock); err != nil {
		return nil, err
	}
	s.routes = s.routeTable()
	mux := http.NewServeMux()
	for _, rt := range s.routes {
		mux.Handle(rt.method+" "+rt.pattern, s.wrap(rt))
	}
	mux.Handle("/", s.wrap(route{kind: kindPage, access: public, h: s.handleNotFound}))
	mux.Handle("/api/", s.wrap(route{kind: kindAPI, access: public, h: s.handleNotFound}))
	s.handler = s.middleware(mux)
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes returns the registered routes' methods, patterns, kinds and
// access rules, for tests and the OpenAPI document.
func (s *Server) Routes() []RouteInfo {
	infos := make([]RouteInfo, len(s.routes))
	for i, rt := range s.routes {
		infos[i] = RouteInfo{Method: rt.method, Pattern: rt.pattern, API: rt.kind == kindAPI, Summary: rt.summary}
	}
	return infos
}

// RouteInfo describes one registered route.
type RouteInfo struct {
	Method, Pattern string
	API             bool
	Summary         string
}
