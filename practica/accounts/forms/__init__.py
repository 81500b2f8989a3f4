from practica.accounts.forms.signup import INVITATION_SESSION_KEY, RegisterSignupForm

__all__ = ["INVITATION_SESSION_KEY", "RegisterSignupForm"]
