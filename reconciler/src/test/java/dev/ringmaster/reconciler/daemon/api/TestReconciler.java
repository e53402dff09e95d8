package dev.ringmaster.reconciler.daemon.api;

import dev.ringmaster.reconciler.daemon.loop.RecordingReconciler;
import jakarta.inject.Singleton;

/** In the HTTP tests, the recording stand-in replaces the engine (the engine has its own ITs). */
@Singleton
public class TestReconciler extends RecordingReconciler {}
