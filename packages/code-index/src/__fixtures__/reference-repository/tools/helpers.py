def summarize(*items):
    return len(items)
