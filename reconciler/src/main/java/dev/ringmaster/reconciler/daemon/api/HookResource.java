package dev.ringmaster.reconciler.daemon.api;

import dev.ringmaster.reconciler.daemon.loop.Daemon;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.Map;

/** {@code POST /v1/hooks/git}: push webhooks from GitHub, Gitea and GitLab. */
@Path("/v1/hooks/git")
public class HookResource {
  @Inject WebhookVerifier verifier;
  @Inject Daemon daemon;
  @Inject WebhookDeliveries deliveries;

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  public Response push(@Context HttpHeaders headers, byte[] body) {
    Map<String, String> flat = new HashMap<>();
    headers.getRequestHeaders().forEach((k, v) -> flat.put(k, v.isEmpty() ? "" : v.get(0)));
    HookVerdict verdict = verifier.verify(flat, body == null ? new byte[0] : body);
    if (verdict instanceof HookVerdict.Rejected r) {
      return ApiErrors.json(401, r.reason());
    }
    HookVerdict.Accepted a = (HookVerdict.Accepted) verdict;
    String delivery = WebhookDeliveries.deliveryId(headers::getHeaderString).orElse("");
    boolean replay = !delivery.isEmpty() && deliveries.replay(delivery);
    boolean fetch = a.relevant() && !replay;
    daemon.recordWebhook(a.provider(), delivery, a.ref(), replay, fetch);
    if (fetch) {
      daemon.triggerFetch();
    }
    Map<String, Object> answer = new java.util.LinkedHashMap<>();
    answer.put("provider", a.provider());
    answer.put("ref", a.ref());
    answer.put("delivery", delivery);
    answer.put("replay", replay);
    answer.put("fetch", fetch);
    answer.put(
        "message",
        replay
            ? "delivery " + delivery + " already received; nothing fetched"
            : a.relevant() ? "fetching now" : "not the watched branch; ignored");
    return Response.accepted(answer).type(MediaType.APPLICATION_JSON).build();
  }
}
