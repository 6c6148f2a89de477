package web

// The JSON API for units.

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

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
