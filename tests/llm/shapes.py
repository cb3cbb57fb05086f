"""Replies in the exact JSON shapes of the three provider APIs."""

from __future__ import annotations


def openai_reply(
    text="Hello",
    model="gpt-4o-2024-08-06",
    prompt=12,
    completion=5,
    cached=0,
    reasoning=0,
):
    return {
        "id": "chatcmpl-abc123",
        "object": "chat.completion",
        "created": 1754400000,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text, "refusal": None},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
            "prompt_tokens_details": {"cached_tokens": cached, "audio_tokens": 0},
            "completion_tokens_details": {
                "reasoning_tokens": reasoning,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        },
        "service_tier": "default",
        "system_fingerprint": "fp_1",
    }


def openai_error(message, kind="invalid_request_error", code=None):
    return {"error": {"message": message, "type": kind, "param": None, "code": code}}


def anthropic_reply(
    text="Hello",
    model="claude-sonnet-4-5-20250929",
    uncached=50,
    cache_read=0,
    cache_creation=0,
    output=30,
):
    return {
        "id": "msg_01XFDUDYJgAACzvnptvVoYEL",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [{"type": "text", "text": text}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {
            "input_tokens": uncached,
            "cache_creation_input_tokens": cache_creation,
            "cache_read_input_tokens": cache_read,
            "output_tokens": output,
        },
    }


def anthropic_error(message, kind="rate_limit_error"):
    return {"type": "error", "error": {"type": kind, "message": message}}


def gemini_reply(
    text="Hello",
    model="gemini-2.5-flash",
    prompt=10,
    candidates=5,
    thoughts=0,
    cached=0,
):
    usage = {
        "promptTokenCount": prompt,
        "candidatesTokenCount": candidates,
        "totalTokenCount": prompt + candidates + thoughts,
        "promptTokensDetails": [{"modality": "TEXT", "tokenCount": prompt}],
    }
    if thoughts:
        usage["thoughtsTokenCount"] = thoughts
    if cached:
        usage["cachedContentTokenCount"] = cached
    return {
        "candidates": [
            {
                "content": {
                    "parts": [{"text": "thinking...", "thought": True}, {"text": text}],
                    "role": "model",
                },
                "finishReason": "STOP",
                "index": 0,
            }
        ],
        "usageMetadata": usage,
        "modelVersion": model,
        "responseId": "resp-1",
    }


def gemini_error(code, message, status):
    return {"error": {"code": code, "message": message, "status": status}}
