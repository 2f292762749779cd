{{!-- After that statement: nothing by default. --}}
