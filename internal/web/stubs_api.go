package web

import "net/http"

// Stubs for API handlers not yet written.
func (s *Server) handleAPIAudit(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAPIAuditVerify(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAPIDelegationCreate(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAPIDelegationRevoke(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAPIDelegations(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAPIImport(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAPIMe(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAPINotifications(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAPITokenCreate(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAPITokenRevoke(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAPITokens(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAPIUnit(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAPIUnitCreate(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAPIUnitUpdate(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAPIUnits(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAPIUser(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAPIUserAB(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAPIUserCreate(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAPIUserResetPassword(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAPIUserResetTOTP(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAPIUserRoles(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAPIUserUnlock(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAPIUserUpdate(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAPIUsers(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAPIWork(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
