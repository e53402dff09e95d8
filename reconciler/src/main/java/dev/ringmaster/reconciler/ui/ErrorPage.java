package dev.ringmaster.reconciler.ui;

/** An error as a page (status and message, never a stack trace). Pure. */
final class ErrorPage {
  private ErrorPage() {}

  static String render(int status, String message) {
    Html h = Html.page("Error " + status, 0);
    h.h1(status == 404 ? "Not found" : "Error " + status);
    h.box("error", message);
    h.raw("<p><a href=\"/ui/\">Back to the fleet</a></p>");
    return h.end();
  }
}
