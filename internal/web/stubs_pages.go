package web

import "net/http"

// Stubs for handlers not yet written; each file that defines a handler removes it here.
func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAdmin(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAuditExport(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleAuditVerify(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleDelegationCreate(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleDelegationNew(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleDelegationRevoke(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleDelegations(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleEnrol(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleEnrolPage(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleImport(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleImportPage(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleImportTemplate(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleNotifications(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handlePassword(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handlePasswordPage(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleTOTP(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleTOTPPage(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleTokenCreate(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleTokenRevoke(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleUnitCreate(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleUnitEdit(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleUnitNew(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleUnitUpdate(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleUnits(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleUserAB(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleUserCreate(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleUserEdit(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleUserNew(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleUserResetPassword(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleUserResetTOTP(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleUserRoles(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleUserUnlock(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleUserUpdate(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleUserView(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleUsers(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }
func (s *Server) handleWorkbench(w http.ResponseWriter, r *http.Request) error { return errNotImplemented }

var errNotImplemented = errTooLarge
